package io.smbhunt.udf.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading pcap and pcapng: variants, refusals, truncation. */
class PcapReaderTest {

  private static final long T0 = 1_600_800_810_894_020L;

  private static List<Packet> threePackets() {
    List<Packet> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      byte[] data = new byte[60 + i];
      data[0] = (byte) i;
      out.add(new Packet(i + 1, T0 + i * 1_000_001L, 1, data.length, data));
    }
    return out;
  }

  /** Reads everything; format errors are collected, not thrown. */
  private static List<Object> readAll(byte[] file) throws IOException {
    List<Object> out = new ArrayList<>();
    try (PcapReader r = new PcapReader(new ByteArrayInputStream(file))) {
      while (true) {
        try {
          Packet p = r.next();
          if (p == null) {
            return out;
          }
          out.add(p);
        } catch (PcapFormatException e) {
          out.add(e);
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"true, false", "false, false", "true, true", "false, true"})
  void classicPcapInBothByteOrdersAndResolutions(boolean littleEndian, boolean nanos)
      throws IOException {
    byte[] file = Captures.writePcap(threePackets(), 113, littleEndian, nanos);

    List<Object> read = readAll(file);

    assertThat(read).hasSize(3).allMatch(o -> o instanceof Packet);
    for (int i = 0; i < 3; i++) {
      Packet p = (Packet) read.get(i);
      assertThat(p.index).isEqualTo(i + 1);
      assertThat(p.timestampMicros).isEqualTo(T0 + i * 1_000_001L);
      assertThat(p.linkType).isEqualTo(113);
      assertThat(p.data).isEqualTo(threePackets().get(i).data);
    }
  }

  @Test
  void aTruncatedFileKeepsThePacketsBeforeTheCut() throws IOException {
    byte[] file = Captures.writePcap(threePackets(), 1, true, false);

    List<Object> read = readAll(Arrays.copyOf(file, file.length - 10));

    assertThat(read).hasSize(3);
    assertThat(read.subList(0, 2)).allMatch(o -> o instanceof Packet);
    PcapFormatException e = (PcapFormatException) read.get(2);
    assertThat(e.reason()).isEqualTo(PcapReasons.PCAP_TRUNCATED);
    assertThat(e.isFatal()).isTrue();
    assertThat(e.packetIndex()).isEqualTo(3);
  }

  @Test
  void anAbsurdCapturedLengthEndsTheFileWithoutAllocating() throws IOException {
    byte[] file = Captures.writePcap(threePackets(), 1, true, false);
    int second = 24 + 16 + 60;
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(second + 8, 0x7fffffff);

    List<Object> read = readAll(file);

    assertThat(read).hasSize(2);
    assertThat(((PcapFormatException) read.get(1)).reason())
        .isEqualTo(PcapReasons.PCAP_PACKET_TOO_LARGE);
  }

  @Test
  void aPacketOverTheSnapLengthIsRefusedAloneAndReadingGoesOn() throws IOException {
    byte[] file = Captures.writePcap(threePackets(), 1, true, false);
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 60); // snaplen 60

    List<Object> read = readAll(file);

    // Packets are 60, 61, 62 bytes: the last two are refused, each on its own.
    assertThat(read).hasSize(3);
    assertThat(((Packet) read.get(0)).index).isEqualTo(1);
    PcapFormatException e = (PcapFormatException) read.get(1);
    assertThat(e.reason()).isEqualTo(PcapReasons.PCAP_PACKET_OVER_SNAPLEN);
    assertThat(e.isFatal()).isFalse();
    assertThat(((PcapFormatException) read.get(2)).packetIndex()).isEqualTo(3);
  }

  @Test
  void notACaptureIsRejectedAtOnce() throws IOException {
    List<Object> read =
        readAll("{\"EventID\":5140}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(read).hasSize(1);
    assertThat(((PcapFormatException) read.get(0)).reason()).isEqualTo(PcapReasons.PCAP_BAD_MAGIC);

    List<Object> empty = readAll(new byte[0]);
    assertThat(((PcapFormatException) empty.get(0)).reason()).isEqualTo(PcapReasons.PCAP_TRUNCATED);
  }

  @Test
  void pcapngInterfacesKeepTheirOwnLinkTypeAndResolution() throws IOException {
    byte[] data = new byte[40];
    Captures.PcapNgWriter w =
        new Captures.PcapNgWriter(false)
            .iface(1, 0, -1)
            .iface(113, 0, 9)
            .iface(276, 0, 0x80 | 10) // 2^-10 s units
            .packet(0, T0, data)
            .packet(1, T0 * 1000 + 999, data)
            .packet(2, 1_600_800_810L << 10, data)
            .simplePacket(data)
            .packet(7, T0, data) // no interface 7
            .opaque(0x40000BAD, 7)
            .packet(0, T0 + 5, data);
    PcapReader reader = new PcapReader(new ByteArrayInputStream(w.bytes()));
    List<Packet> packets = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    while (true) {
      try {
        Packet p = reader.next();
        if (p == null) {
          break;
        }
        packets.add(p);
      } catch (PcapFormatException e) {
        errors.add(e.reason() + "@" + e.packetIndex());
      }
    }

    assertThat(reader.format()).isEqualTo(PcapReader.FORMAT_PCAPNG);
    assertThat(packets).extracting(p -> p.index).containsExactly(1L, 2L, 3L, 4L, 6L);
    assertThat(packets).extracting(p -> p.linkType).containsExactly(1, 113, 276, 1, 1);
    assertThat(packets)
        .extracting(p -> p.timestampMicros)
        // the simple packet has no time of its own: it takes the one before
        .containsExactly(T0, T0, 1_600_800_810_000_000L, 1_600_800_810_000_000L, T0 + 5);
    assertThat(errors).containsExactly(PcapReasons.PCAPNG_UNKNOWN_INTERFACE + "@5");
    assertThat(reader.blocksSkipped()).isEqualTo(1);
  }

  @Test
  void pcapngWithContradictoryBlockLengthsStops() throws IOException {
    byte[] file =
        new Captures.PcapNgWriter(true).iface(1, 0, -1).packet(0, T0, new byte[40]).bytes();
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(file.length - 4, 12345);

    List<Object> read = readAll(file);

    assertThat(read).hasSize(1);
    PcapFormatException e = (PcapFormatException) read.get(0);
    assertThat(e.reason()).isEqualTo(PcapReasons.PCAPNG_BAD_BLOCK);
    assertThat(e.isFatal()).isTrue();
  }

  @Test
  void pcapngPacketsOverTheLimitsAreSkippedExactly() throws IOException {
    byte[] file =
        new Captures.PcapNgWriter(true)
            .iface(1, 100, -1)
            .packet(0, T0, new byte[101])
            .packet(0, T0, new byte[PcapLimits.MAX_PACKET_BYTES + 1])
            .packet(0, T0, new byte[100])
            .bytes();

    List<Object> read = readAll(file);

    assertThat(read).hasSize(3);
    assertThat(((PcapFormatException) read.get(0)).reason())
        .isEqualTo(PcapReasons.PCAP_PACKET_OVER_SNAPLEN);
    assertThat(((PcapFormatException) read.get(1)).reason())
        .isEqualTo(PcapReasons.PCAP_PACKET_TOO_LARGE);
    assertThat(((Packet) read.get(2)).index).isEqualTo(3);
  }

  @Test
  void timestampResolutionsConvertExactly() {
    assertThat(PcapNgRecords.toMicros(1_500_000L, 6, 0)).isEqualTo(1_500_000L);
    assertThat(PcapNgRecords.toMicros(1_500_000_999L, 9, 0)).isEqualTo(1_500_000L);
    assertThat(PcapNgRecords.toMicros(15L, 1, 0)).isEqualTo(1_500_000L);
    assertThat(PcapNgRecords.toMicros(1_500_000_000_000L, 12, 0)).isEqualTo(1_500_000L);
    assertThat(PcapNgRecords.toMicros(3L << 20, 0x80 | 21, 0)).isEqualTo(1_500_000L);
    assertThat(PcapNgRecords.toMicros(0, 6, 10)).isEqualTo(10_000_000L);
    assertThat(PcapNgRecords.toMicros(-1L, 9, 0)).isEqualTo(Long.divideUnsigned(-1L, 1000));
  }

  @Test
  void aGarbageFileFailsOnlyWithFormatErrors() {
    PcapFormatException e =
        catchThrowableOfType(
            PcapFormatException.class,
            () -> new PcapReader(new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5})).next());
    assertThat(e.reason()).isEqualTo(PcapReasons.PCAP_BAD_MAGIC);
  }
}
