package dev.skein.common;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The answer of {@link Component#check()}: ok, or not ok with the reason.
 *
 * @param ok whether the component can serve
 * @param reason why not, or {@code null} when ok
 */
public record CheckResult(boolean ok, @Nullable String reason) {

  /** The shared healthy result. */
  public static final CheckResult OK = new CheckResult(true, null);

  /** Validates that a failed result carries a reason. */
  public CheckResult {
    if (!ok) {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** A failed result with the given reason, for example "replaying WAL: 40% done". */
  public static CheckResult failed(String reason) {
    return new CheckResult(false, reason);
  }
}
