package dev.skein.server.config;

import dev.skein.server.target.TargetMap;
import dev.skein.storage.backend.S3Config;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks the bound configuration and reports every problem at once, so an operator fixes a config
 * file in one round instead of one restart per mistake. Stateless.
 */
public final class ConfigValidator {

  private static final Set<String> BACKENDS = Set.of("local", "s3");

  private ConfigValidator() {}

  /** Validates {@code p} alone; never throws. */
  public static ConfigReport validate(SkeinProperties p) {
    return validate(p, List.of());
  }

  /** Validates {@code p} and every module's properties; never throws. */
  public static ConfigReport validate(SkeinProperties p, List<ModuleProperties> modules) {
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    try {
      TargetMap.parse(List.of(p.getTarget()));
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    if (p.getDataDir().isBlank()) {
      problems.add("skein.data-dir must not be empty");
    }
    port(problems, "skein.server.http-listen-port", p.getServer().getHttpListenPort());
    storage(p.getStorage(), problems, warnings);
    for (ModuleProperties module : modules) {
      try {
        module.toConfig();
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
      problems.addAll(module.crossCheck(modules));
    }
    return new ConfigReport(problems, warnings);
  }

  static void port(List<String> problems, String property, int port) {
    if (port < 0 || port > 65535) {
      problems.add(property + " must be between 0 and 65535, was " + port);
    }
  }

  private static void storage(
      SkeinProperties.Storage storage, List<String> problems, List<String> warnings) {
    cache(storage.getCache(), problems, warnings);
    if (storage.getBlocklistPoll().isNegative() || storage.getBlocklistPoll().isZero()) {
      problems.add("skein.storage.blocklist-poll must be > 0, was " + storage.getBlocklistPoll());
    }
    String backend = storage.getBackend();
    if (!BACKENDS.contains(backend)) {
      problems.add("skein.storage.backend must be one of local, s3, was '" + backend + "'");
      return;
    }
    if (!backend.equals("s3")) {
      return;
    }
    SkeinProperties.S3 s3 = storage.getS3();
    if (s3.getBucket().isBlank()) {
      problems.add("skein.storage.s3.bucket must be set when skein.storage.backend is s3");
    }
    if (s3.getRegion().isBlank()) {
      problems.add("skein.storage.s3.region must not be empty");
    }
    boolean hasAccess = !s3.getAccessKey().isBlank();
    boolean hasSecret = s3.getSecretKey() != null && !s3.getSecretKey().isBlank();
    if (hasAccess != hasSecret) {
      problems.add(
          "skein.storage.s3.access-key and skein.storage.s3.secret-key must be set together"
              + " (or both left empty for the default credentials chain)");
    }
    if (!s3.getEndpoint().isBlank()) {
      endpoint(s3.getEndpoint(), problems, warnings);
    }
    positive(problems, "skein.storage.s3.connect-timeout", s3.getConnectTimeout());
    positive(problems, "skein.storage.s3.read-timeout", s3.getReadTimeout());
    if (s3.getMaxRetries() < 0) {
      problems.add("skein.storage.s3.max-retries must be >= 0, was " + s3.getMaxRetries());
    }
    if (s3.getMultipartThresholdBytes() <= 0) {
      problems.add(
          "skein.storage.s3.multipart-threshold-bytes must be > 0, was "
              + s3.getMultipartThresholdBytes());
    }
    if (s3.getPartSizeBytes() < S3Config.MIN_PART_SIZE_BYTES
        || s3.getPartSizeBytes() > S3Config.MAX_PART_SIZE_BYTES) {
      problems.add(
          "skein.storage.s3.part-size-bytes must be between "
              + S3Config.MIN_PART_SIZE_BYTES
              + " and "
              + S3Config.MAX_PART_SIZE_BYTES
              + ", was "
              + s3.getPartSizeBytes());
    }
  }

  private static void cache(
      SkeinProperties.Cache cache, List<String> problems, List<String> warnings) {
    if (cache.getMaxBytes() < 0) {
      problems.add("skein.storage.cache.max-bytes must be >= 0, was " + cache.getMaxBytes());
    }
    if (cache.getMaxEntryBytes() < 0) {
      problems.add(
          "skein.storage.cache.max-entry-bytes must be >= 0, was " + cache.getMaxEntryBytes());
    }
    positive(problems, "skein.storage.cache.expire-after-write", cache.getExpireAfterWrite());
    if (cache.getMaxBytes() > 0 && cache.getMaxEntryBytes() > cache.getMaxBytes()) {
      warnings.add(
          "skein.storage.cache.max-entry-bytes ("
              + cache.getMaxEntryBytes()
              + ") is larger than skein.storage.cache.max-bytes ("
              + cache.getMaxBytes()
              + "): one entry may evict everything else");
    }
  }

  private static void positive(List<String> problems, String property, Duration value) {
    if (value == null || !value.isPositive()) {
      problems.add(property + " must be > 0, was " + value);
    }
  }

  private static void endpoint(String endpoint, List<String> problems, List<String> warnings) {
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      problems.add(
          "skein.storage.s3.endpoint is not a URL: '" + endpoint + "' (" + e.getReason() + ")");
      return;
    }
    String scheme = uri.getScheme();
    if (uri.getHost() == null
        || scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))) {
      problems.add(
          "skein.storage.s3.endpoint must be an http:// or https:// URL with a host, was '"
              + endpoint
              + "'");
      return;
    }
    if (scheme.equals("http") && !isLoopback(uri.getHost())) {
      warnings.add(
          "skein.storage.s3.endpoint uses plain http to "
              + uri.getHost()
              + ": object data travels unencrypted; use https outside a trusted network");
    }
  }

  private static boolean isLoopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    try {
      // Only literal addresses: a name lookup at config time would be I/O we do not want here.
      return (Character.isDigit(host.charAt(0)) || host.startsWith("["))
          && InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
