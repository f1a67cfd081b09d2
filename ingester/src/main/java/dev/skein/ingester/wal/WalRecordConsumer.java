package dev.skein.ingester.wal;

/** Receives each intact record of a segment replayed by {@link Wal#open}. */
@FunctionalInterface
public interface WalRecordConsumer {

  /**
   * One record.
   *
   * @param location where it is, for {@link Wal#read(long)}
   * @param payload the record's bytes
   */
  void accept(long location, byte[] payload);
}
