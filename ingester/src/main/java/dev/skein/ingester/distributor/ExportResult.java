package dev.skein.ingester.distributor;

/**
 * The outcome of an accepted export, as the OTLP response reports it ({@code partial_success}).
 *
 * @param rejectedSpans spans not accepted; 0 when everything was accepted
 * @param errorMessage why they were rejected; empty when nothing was
 */
public record ExportResult(long rejectedSpans, String errorMessage) {

  /** Everything accepted. */
  public static final ExportResult ACCEPTED = new ExportResult(0, "");
}
