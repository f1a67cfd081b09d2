package dev.skein.server.http;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;

/**
 * Build information in Tempo's field names; {@code javaVersion} stands where Tempo has {@code
 * goVersion}.
 *
 * @param version project version
 * @param revision abbreviated git commit, or "unknown"
 * @param branch git branch, or "unknown"
 * @param buildUser who built it
 * @param buildDate when it was built (ISO-8601)
 * @param javaVersion the running JVM's version
 */
public record BuildInfo(
    String version,
    String revision,
    String branch,
    String buildUser,
    String buildDate,
    String javaVersion) {

  static final String UNKNOWN = "unknown";

  static BuildInfo of(@Nullable BuildProperties build, @Nullable GitProperties git) {
    String version = build != null && build.getVersion() != null ? build.getVersion() : UNKNOWN;
    String date = build != null && build.getTime() != null ? build.getTime().toString() : UNKNOWN;
    String user = build != null && build.get("user") != null ? build.get("user") : UNKNOWN;
    String revision =
        git != null && git.getShortCommitId() != null ? git.getShortCommitId() : UNKNOWN;
    String branch = git != null && git.getBranch() != null ? git.getBranch() : UNKNOWN;
    return new BuildInfo(version, revision, branch, user, date, Runtime.version().toString());
  }
}
