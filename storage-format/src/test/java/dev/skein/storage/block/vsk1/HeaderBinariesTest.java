package dev.skein.storage.block.vsk1;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedInputStream;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.io.IOException;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;

/** What {@link HeaderBinaries} shares, and where it stops. */
class HeaderBinariesTest {

  @Test
  void equalHeaders_oneBinary_sameBytes() {
    HeaderBinaries h = HeaderBinaries.shared();
    Binary a = h.of(new byte[] {10, 3, 1, 2, 3});
    assertThat(h.of(new byte[] {10, 3, 1, 2, 3})).isSameAs(a);
    assertThat(h.of(new byte[] {10, 3, 1, 2, 4})).isNotSameAs(a).isNotEqualTo(a);
    assertThat(h.of(new byte[0]).length()).isZero();
    assertThat(a.getBytes()).containsExactly(10, 3, 1, 2, 3);
  }

  @Test
  void unshared_aBinaryPerCall() {
    HeaderBinaries h = HeaderBinaries.unshared();
    assertThat(h.of(new byte[] {1, 2}))
        .isNotSameAs(h.of(new byte[] {1, 2}))
        .isEqualTo(h.of(new byte[] {1, 2}));
  }

  @Test
  void pastTheEntryLimit_newHeadersPassThrough_keptOnesStayShared() {
    HeaderBinaries h = HeaderBinaries.shared();
    Binary first = h.of(bytes(0, 8));
    for (int i = 1; i < HeaderBinaries.MAX_ENTRIES; i++) {
      h.of(bytes(i, 8));
    }
    assertThat(h.of(bytes(0, 8))).isSameAs(first);
    Binary late = h.of(bytes(HeaderBinaries.MAX_ENTRIES, 8));
    assertThat(h.of(bytes(HeaderBinaries.MAX_ENTRIES, 8))).isNotSameAs(late).isEqualTo(late);
  }

  @Test
  void pastTheByteBudget_newHeadersPassThrough() {
    HeaderBinaries h = HeaderBinaries.shared();
    int size = (int) (HeaderBinaries.MAX_BYTES / 4);
    for (int i = 0; i < 4; i++) {
      h.of(bytes(i, size));
    }
    Binary kept = h.of(bytes(0, size));
    assertThat(h.of(bytes(0, size))).isSameAs(kept);
    Binary late = h.of(bytes(9, 16));
    assertThat(h.of(bytes(9, 16))).isNotSameAs(late).isEqualTo(late);
  }

  @Test
  void equalHeaderMessages_parsedApart_oneBinaryOfTheirBytes() throws IOException {
    HeaderBinaries h = HeaderBinaries.shared();
    ResourceSpans checkout = resource("checkout");
    byte[] wire = checkout.toByteArray();

    Binary first = h.of(parseAliased(wire));
    Binary again = h.of(parseAliased(wire));
    Binary third = h.of(checkout);

    assertThat(again).isSameAs(first);
    assertThat(third).isSameAs(first);
    assertThat(first.getBytes()).containsExactly(checkout.toByteArray());
    assertThat(h.of(resource("cart"))).isNotEqualTo(first);
    assertThat(h.of(checkout.toByteArray())).isSameAs(first); // the same table as by bytes
  }

  @Test
  void unshared_aBinaryPerHeaderMessage() {
    HeaderBinaries h = HeaderBinaries.unshared();
    ResourceSpans r = resource("checkout");
    assertThat(h.of(r)).isNotSameAs(h.of(r)).isEqualTo(h.of(r));
    assertThat(h.of(r).getBytes()).containsExactly(r.toByteArray());
  }

  private static ResourceSpans resource(String service) {
    return ResourceSpans.newBuilder()
        .setResource(
            Resource.newBuilder()
                .addAttributes(
                    KeyValue.newBuilder()
                        .setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue(service))))
        .setSchemaUrl("https://opentelemetry.io/schemas/1.21.0")
        .build();
  }

  private static ResourceSpans parseAliased(byte[] wire) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(wire);
    in.enableAliasing(true);
    return ResourceSpans.parseFrom(in);
  }

  private static byte[] bytes(int seed, int length) {
    byte[] b = new byte[length];
    b[0] = (byte) seed;
    b[1] = (byte) (seed >> 8);
    return b;
  }
}
