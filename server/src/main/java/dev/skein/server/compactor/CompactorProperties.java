package dev.skein.server.compactor;

import dev.skein.compactor.CompactorConfig;
import dev.skein.server.config.ModuleProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code skein.compactor.*}: planning, retention and scheduling of compaction. */
@ConfigurationProperties("skein.compactor")
public class CompactorProperties implements ModuleProperties {

  /** Blocks are grouped for compaction by their end time in windows of this length. */
  private Duration compactionWindow = CompactorConfig.DEFAULT_COMPACTION_WINDOW;

  /** Most blocks one compaction job merges. */
  private int maxInputBlocks = CompactorConfig.DEFAULT_MAX_INPUT_BLOCKS;

  /** Fewest blocks worth a compaction job (at least 2). */
  private int minInputBlocks = CompactorConfig.DEFAULT_MIN_INPUT_BLOCKS;

  /** Largest block compaction writes: a job's inputs together stay under this many data bytes. */
  private long maxBlockBytes = CompactorConfig.DEFAULT_MAX_BLOCK_BYTES;

  /**
   * Span bytes kept of a trace combined from several blocks; the rest is cut and counted, the trace
   * is never dropped.
   */
  private long maxTraceBytes = CompactorConfig.DEFAULT_MAX_TRACE_BYTES;

  /** Blocks whose end time is older than this are deleted (after compacted-block-retention). */
  private Duration blockRetention = CompactorConfig.DEFAULT_BLOCK_RETENTION;

  /**
   * Per-tenant overrides of block-retention, e.g. skein.compactor.tenant-block-retention.acme=30d.
   */
  private Map<String, Duration> tenantBlockRetention = new LinkedHashMap<>();

  /**
   * How long a compacted or expired block stays readable for queries in flight before deletion; at
   * least twice skein.storage.blocklist-poll.
   */
  private Duration compactedBlockRetention = CompactorConfig.DEFAULT_COMPACTED_BLOCK_RETENTION;

  /** Pause between two compaction cycles over every tenant. */
  private Duration cyclePeriod = CompactorConfig.DEFAULT_CYCLE_PERIOD;

  /**
   * How long a compactor owns the input blocks of a job it started; a lease older than this is
   * taken over by another compactor. Longer than the slowest job.
   */
  private Duration leaseDuration = CompactorConfig.DEFAULT_LEASE_DURATION;

  /** Local scratch space for blocks being written; empty means "compactor" under skein.data-dir. */
  private String workDir = "";

  /**
   * This compactor's id in lease objects, unique among compactors sharing a bucket; empty means
   * host name and process id.
   */
  private String instanceId = "";

  /** The compactor config with the defaults of this module (work dir and poll not resolved). */
  @Override
  public CompactorConfig toConfig() {
    return toConfig(CompactorConfig.DEFAULT_WORK_DIR, CompactorConfig.DEFAULT_BLOCKLIST_POLL);
  }

  /**
   * The compactor config.
   *
   * @param defaultWorkDir used when work-dir is empty
   * @param blocklistPoll skein.storage.blocklist-poll
   */
  public CompactorConfig toConfig(Path defaultWorkDir, Duration blocklistPoll) {
    return new CompactorConfig(
        compactionWindow,
        maxInputBlocks,
        minInputBlocks,
        maxBlockBytes,
        maxTraceBytes,
        blockRetention,
        tenantBlockRetention,
        compactedBlockRetention,
        cyclePeriod,
        blocklistPoll,
        leaseDuration,
        workDir.isBlank() ? defaultWorkDir : Path.of(workDir));
  }

  public Duration getCompactionWindow() {
    return compactionWindow;
  }

  public void setCompactionWindow(Duration compactionWindow) {
    this.compactionWindow = compactionWindow;
  }

  public int getMaxInputBlocks() {
    return maxInputBlocks;
  }

  public void setMaxInputBlocks(int maxInputBlocks) {
    this.maxInputBlocks = maxInputBlocks;
  }

  public int getMinInputBlocks() {
    return minInputBlocks;
  }

  public void setMinInputBlocks(int minInputBlocks) {
    this.minInputBlocks = minInputBlocks;
  }

  public long getMaxBlockBytes() {
    return maxBlockBytes;
  }

  public void setMaxBlockBytes(long maxBlockBytes) {
    this.maxBlockBytes = maxBlockBytes;
  }

  public long getMaxTraceBytes() {
    return maxTraceBytes;
  }

  public void setMaxTraceBytes(long maxTraceBytes) {
    this.maxTraceBytes = maxTraceBytes;
  }

  public Duration getBlockRetention() {
    return blockRetention;
  }

  public void setBlockRetention(Duration blockRetention) {
    this.blockRetention = blockRetention;
  }

  public Map<String, Duration> getTenantBlockRetention() {
    return tenantBlockRetention;
  }

  public void setTenantBlockRetention(Map<String, Duration> tenantBlockRetention) {
    this.tenantBlockRetention = tenantBlockRetention;
  }

  public Duration getCompactedBlockRetention() {
    return compactedBlockRetention;
  }

  public void setCompactedBlockRetention(Duration compactedBlockRetention) {
    this.compactedBlockRetention = compactedBlockRetention;
  }

  public Duration getCyclePeriod() {
    return cyclePeriod;
  }

  public void setCyclePeriod(Duration cyclePeriod) {
    this.cyclePeriod = cyclePeriod;
  }

  public Duration getLeaseDuration() {
    return leaseDuration;
  }

  public void setLeaseDuration(Duration leaseDuration) {
    this.leaseDuration = leaseDuration;
  }

  public String getWorkDir() {
    return workDir;
  }

  public void setWorkDir(String workDir) {
    this.workDir = workDir;
  }

  public String getInstanceId() {
    return instanceId;
  }

  public void setInstanceId(String instanceId) {
    this.instanceId = instanceId;
  }
}
