package dev.skein.common;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Validates tenant ids before they touch an object key, a file path or a metric label.
 *
 * <p>A tenant id is 1 to 150 characters of {@code [A-Za-z0-9_.-]} and is neither {@code .} nor
 * {@code ..}, so it can never address a path outside its own prefix. Thread-safe, stateless.
 */
public final class TenantIds {

  /** The tenant used when multi-tenancy is off, as in Tempo. */
  public static final String SINGLE_TENANT = "single-tenant";

  /** The longest tenant id accepted. */
  public static final int MAX_LENGTH = 150;

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.\\-]{1," + MAX_LENGTH + "}");

  private TenantIds() {}

  /**
   * Returns the tenant id unchanged when it is valid.
   *
   * @throws InvalidRequestException naming the id and the rule it breaks
   */
  public static String validate(String tenantId) {
    String problem = problem(tenantId);
    if (problem != null) {
      throw new InvalidRequestException(problem);
    }
    return tenantId;
  }

  /** Whether {@code tenantId} is valid. */
  public static boolean isValid(String tenantId) {
    return problem(tenantId) == null;
  }

  private static @Nullable String problem(@Nullable String tenantId) {
    if (tenantId == null || tenantId.isEmpty()) {
      return "tenant id is empty";
    }
    if (tenantId.length() > MAX_LENGTH) {
      return "tenant id is " + tenantId.length() + " characters long, the limit is " + MAX_LENGTH;
    }
    if (tenantId.equals(".") || tenantId.equals("..")) {
      return "tenant id must not be '" + tenantId + "'";
    }
    if (!VALID.matcher(tenantId).matches()) {
      return "tenant id '" + tenantId + "' may only contain A-Z a-z 0-9 _ . -";
    }
    return null;
  }
}
