package dev.skein.trace.view;

import dev.skein.traceql.ast.Scope;
import dev.skein.traceql.ast.SpanKind;
import dev.skein.traceql.ast.StatusCode;
import dev.skein.traceql.ast.Value;
import dev.skein.traceql.eval.EventView;
import dev.skein.traceql.eval.LinkView;
import dev.skein.traceql.eval.SpanView;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A {@link SpanView} over one OTLP span with its resource and scope. Not thread-safe. */
public final class OtlpSpanView implements SpanView {

  private static final HexFormat HEX = HexFormat.of();

  private final Span span;
  private final Resource resource;
  private final InstrumentationScope scope;
  private final String spanId;
  private final String parentSpanId;
  int childCount;
  int left;
  int right;
  int parentLeft = -1;
  private @Nullable List<EventView> events;
  private @Nullable List<LinkView> links;

  OtlpSpanView(Span span, Resource resource, InstrumentationScope scope) {
    this.span = span;
    this.resource = resource;
    this.scope = scope;
    this.spanId = HEX.formatHex(span.getSpanId().toByteArray());
    this.parentSpanId = HEX.formatHex(span.getParentSpanId().toByteArray());
  }

  /** The OTLP span. */
  public Span span() {
    return span;
  }

  /** The span's resource. */
  public Resource resource() {
    return resource;
  }

  /** The resource's {@code service.name}, or null. */
  public @Nullable String serviceName() {
    return AnyValues.asString(resource.getAttributesList(), "service.name");
  }

  /** Start time in unix nanoseconds. */
  public long startNanos() {
    return span.getStartTimeUnixNano();
  }

  @Override
  public @Nullable Value attribute(Scope scope, String key) {
    return switch (scope) {
      case SPAN -> AnyValues.find(span.getAttributesList(), key);
      case RESOURCE -> AnyValues.find(resource.getAttributesList(), key);
      case INSTRUMENTATION -> AnyValues.find(this.scope.getAttributesList(), key);
      case UNSCOPED -> {
        Value v = AnyValues.find(span.getAttributesList(), key);
        yield v != null ? v : AnyValues.find(resource.getAttributesList(), key);
      }
      case EVENT, LINK -> null;
    };
  }

  @Override
  public String name() {
    return span.getName();
  }

  @Override
  public StatusCode status() {
    return switch (span.getStatus().getCode()) {
      case STATUS_CODE_OK -> StatusCode.OK;
      case STATUS_CODE_ERROR -> StatusCode.ERROR;
      default -> StatusCode.UNSET;
    };
  }

  @Override
  public String statusMessage() {
    return span.getStatus().getMessage();
  }

  @Override
  public SpanKind kind() {
    return switch (span.getKind()) {
      case SPAN_KIND_INTERNAL -> SpanKind.INTERNAL;
      case SPAN_KIND_SERVER -> SpanKind.SERVER;
      case SPAN_KIND_CLIENT -> SpanKind.CLIENT;
      case SPAN_KIND_PRODUCER -> SpanKind.PRODUCER;
      case SPAN_KIND_CONSUMER -> SpanKind.CONSUMER;
      default -> SpanKind.UNSPECIFIED;
    };
  }

  @Override
  public long durationNanos() {
    return Math.max(0, span.getEndTimeUnixNano() - span.getStartTimeUnixNano());
  }

  @Override
  public String spanId() {
    return spanId;
  }

  @Override
  public String parentSpanId() {
    return parentSpanId;
  }

  @Override
  public int childCount() {
    return childCount;
  }

  @Override
  public int nestedSetLeft() {
    return left;
  }

  @Override
  public int nestedSetRight() {
    return right;
  }

  @Override
  public int nestedSetParent() {
    return parentLeft;
  }

  @Override
  public @Nullable String instrumentationName() {
    return scope.getName().isEmpty() ? null : scope.getName();
  }

  @Override
  public @Nullable String instrumentationVersion() {
    return scope.getVersion().isEmpty() ? null : scope.getVersion();
  }

  @Override
  public List<? extends EventView> events() {
    if (events == null) {
      List<EventView> out = new ArrayList<>(span.getEventsCount());
      for (Span.Event e : span.getEventsList()) {
        long since = e.getTimeUnixNano() - span.getStartTimeUnixNano();
        out.add(new Event(e, since));
      }
      events = out;
    }
    return events;
  }

  @Override
  public List<? extends LinkView> links() {
    if (links == null) {
      List<LinkView> out = new ArrayList<>(span.getLinksCount());
      for (Span.Link l : span.getLinksList()) {
        out.add(new Link(l));
      }
      links = out;
    }
    return links;
  }

  private record Event(Span.Event event, long timeSinceStartNanos) implements EventView {
    @Override
    public String name() {
      return event.getName();
    }

    @Override
    public @Nullable Value attribute(String key) {
      return AnyValues.find(event.getAttributesList(), key);
    }
  }

  private record Link(Span.Link link) implements LinkView {
    @Override
    public String traceId() {
      return HEX.formatHex(link.getTraceId().toByteArray());
    }

    @Override
    public String spanId() {
      return HEX.formatHex(link.getSpanId().toByteArray());
    }

    @Override
    public @Nullable Value attribute(String key) {
      return AnyValues.find(link.getAttributesList(), key);
    }
  }
}
