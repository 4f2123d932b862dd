package io.smbhunt.udf.flow;

import static io.smbhunt.udf.flow.FlowTestFiles.MEMORY_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Suricata log gives the same flow records whatever the order of its lines (SPEC §3): the records
 * of a flow learn their share, user and RPC interface from each other in the flow's own order
 * (Suricata's transaction numbers), not in the order they were read.
 */
class SuricataFlowTest {

  static Stream<Path> everySuricataLog() throws IOException {
    try (Stream<Path> files = Files.walk(SuricataRealDataTest.SURICATA)) {
      List<Path> logs = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      return Stream.concat(
          logs.stream(), Stream.of(FlowTestFiles.FIXTURES.resolve("suricata/eve-smb.json")));
    }
  }

  @ParameterizedTest
  @MethodSource("everySuricataLog")
  void shuffledOrReversedLinesGiveTheSameRecords(Path log) throws IOException {
    List<Line> lines = numbered(log);
    List<FlowRecord> inOrder = resolve(lines);
    assertThat(inOrder).isNotEmpty();

    List<Line> reversed = new ArrayList<>(lines);
    Collections.reverse(reversed);
    assertThat(resolve(reversed)).containsExactlyInAnyOrderElementsOf(inOrder);
    for (long seed = 1; seed <= 5; seed++) {
      List<Line> shuffled = new ArrayList<>(lines);
      Collections.shuffle(shuffled, new Random(seed));
      assertThat(resolve(shuffled))
          .as("seed %d", seed)
          .containsExactlyInAnyOrderElementsOf(inOrder);
    }
  }

  @Test
  void theWritesOfTheLabLogReversedKeepTheirShareAndUser() throws IOException {
    // Before the flow's order was used, this log read newest first lost the share of every SMB2
    // write (its TREE_CONNECT came after it) and the user of every record.
    List<Line> lines =
        numbered(SuricataRealDataTest.SURICATA.resolve("7.0.10/samba_lateral.eve.json"));
    Collections.reverse(lines);
    assertThat(resolve(lines))
        .filteredOn(f -> f.protocol.equals(SmbProtocols.WRITE))
        .extracting(f -> f.fileName, f -> f.share, f -> f.user)
        .containsExactlyInAnyOrder(
            tuple("ProgramData\\GruntHTTP.exe", "\\\\172.18.39.9\\C$", "pgustavo"),
            tuple("payload.dll", "\\\\172.18.39.9\\C$", "pgustavo"),
            tuple("legacy.bat", "\\\\172.18.39.9\\C$", "pgustavo"));
  }

  @Test
  void aTransferReportedTwiceIsTheSmbEventsRowInEitherOrder() {
    String smb = write("smb", 7, "");
    String fileinfo = write("fileinfo", 7, ",\"fileinfo\":{\"filename\":\"a.exe\",\"size\":900}");
    for (List<String> order : List.of(List.of(smb, fileinfo), List.of(fileinfo, smb))) {
      List<FlowRecord> flows =
          FlowTestFiles.flows(
              FlowTestFiles.decodeText(
                  FlowFormat.SURICATA_EVE, "eve.json", order.toArray(String[]::new)));
      assertThat(flows)
          .extracting(f -> f.protocol, f -> f.line, f -> f.size)
          .containsExactly(tuple(SmbProtocols.WRITE, order.indexOf(smb) + 1L, 10L));
    }
  }

  @Test
  void aReusedTreeIdTakesTheShareOfItsLatestConnectInTheFlowsOrder() {
    String[] lines = {
      record(5, "00.000", "SMB2_COMMAND_CREATE", 9, "\"filename\":\"b.txt\""),
      record(4, "00.000", "SMB2_COMMAND_TREE_CONNECT", 9, "\"share\":\"\\\\\\\\h\\\\D$\""),
      record(3, "00.000", "SMB2_COMMAND_CREATE", 9, "\"filename\":\"a.txt\""),
      record(1, "00.000", "SMB2_COMMAND_TREE_CONNECT", 9, "\"share\":\"\\\\\\\\h\\\\C$\"")
    };
    // All in one millisecond and newest first: only the transaction numbers tell the order.
    assertThat(FlowTestFiles.flows(FlowTestFiles.decodeText(FlowFormat.SURICATA_EVE, "e", lines)))
        .filteredOn(f -> f.protocol.equals(SmbProtocols.CREATE))
        .extracting(f -> f.fileName, f -> f.share)
        .containsExactlyInAnyOrder(tuple("a.txt", "\\\\h\\C$"), tuple("b.txt", "\\\\h\\D$"));
  }

  @Test
  void aFlowSilentLongerThanItsMemoryStartsAfresh() {
    String connect =
        record(1, "00.000", "SMB2_COMMAND_TREE_CONNECT", 9, "\"share\":\"\\\\\\\\h\\\\C$\"");
    String soon = record(2, "14:59.000", "SMB2_COMMAND_CREATE", 9, "\"filename\":\"soon.txt\"");
    String late = record(3, "30:00.000", "SMB2_COMMAND_CREATE", 9, "\"filename\":\"late.txt\"");
    List<FlowRecord> flows = new ArrayList<>();
    for (FlowTestFiles.Decoded d :
        FlowTestFiles.decodeText(FlowFormat.SURICATA_EVE, "e", late, soon, connect)) {
      flows.add(d.flow());
    }
    // With a memory of 15 minutes: 14:59 after the connect, its tree; 15:01 after the last
    // record, a flow begun anew.
    assertThat(SuricataFlow.resolveAll(flows, 15 * 60_000L))
        .filteredOn(f -> f.protocol.equals(SmbProtocols.CREATE))
        .extracting(f -> f.fileName, f -> f.share)
        .containsExactlyInAnyOrder(tuple("soon.txt", "\\\\h\\C$"), tuple("late.txt", null));
  }

  /**
   * Suricata logs a transfer when its file is closed: a long copy leaves the log silent between the
   * tree connect and the write, and the fileinfo report may come long after the smb event.
   */
  @Test
  void aWriteLoggedHoursAfterItsTreeConnectKeepsItsShareAndItsRepeatIsOne() {
    String connect =
        record(6, "00.000", "SMB2_COMMAND_TREE_CONNECT", 3, "\"share\":\"\\\\\\\\h\\\\C$\"");
    String smb = write("smb", 7, "").replace("09:00:01.000000", "12:00:00.000000");
    String fileinfo =
        write("fileinfo", 7, ",\"fileinfo\":{\"filename\":\"a.exe\",\"size\":900}")
            .replace("09:00:01.000000", "12:20:00.000000");
    assertThat(
            FlowTestFiles.flows(
                FlowTestFiles.decodeText(FlowFormat.SURICATA_EVE, "e", connect, smb, fileinfo)))
        .filteredOn(f -> f.protocol.equals(SmbProtocols.WRITE))
        .extracting(f -> f.line, f -> f.share)
        .containsExactly(tuple(2L, "\\\\h\\C$"));
  }

  /** A flow read in parts, as a watched folder reads it, is completed as if read whole. */
  @Test
  void aFlowCompletedInPartsWithWhatItRemembersIsTheFlowCompletedWhole() throws IOException {
    List<FlowRecord> records = new ArrayList<>();
    for (FlowTestFiles.Decoded d :
        FlowTestFiles.decode(
            SuricataRealDataTest.SURICATA.resolve("6.0.1/impacket_psexec.eve.json"))) {
      if (d.kind() == FlowDecodeResult.Kind.FLOW) {
        records.add(d.flow());
      }
    }
    records.sort(Comparator.comparingLong(f -> f.timestamp));
    List<FlowRecord> whole = SuricataFlow.resolveAll(records, MEMORY_MILLIS);
    for (int parts : new int[] {2, 3, 7}) {
      Map<String, List<FlowRecord>> remembered = new HashMap<>();
      List<FlowRecord> inParts = new ArrayList<>();
      int size = (records.size() + parts - 1) / parts;
      for (int from = 0; from < records.size(); from += size) {
        Map<String, List<FlowRecord>> byFlow = new LinkedHashMap<>();
        for (FlowRecord f : records.subList(from, Math.min(records.size(), from + size))) {
          byFlow.computeIfAbsent(SuricataFlow.key(f), k -> new ArrayList<>()).add(f);
        }
        byFlow.forEach(
            (flow, part) -> {
              SuricataFlow.Completed done =
                  SuricataFlow.complete(
                      remembered.getOrDefault(flow, List.of()), part, MEMORY_MILLIS);
              inParts.addAll(done.records());
              remembered.put(flow, done.remember());
            });
      }
      assertThat(inParts).as("%d parts", parts).containsExactlyInAnyOrderElementsOf(whole);
    }
  }

  /**
   * The flow's gaps are those of all its records, not of the ones it remembers: a tree connect, a
   * CLOSE 20 h later and a CREATE 20 h after that are one flow (no gap above the day), also when
   * each was decided on its own and the CLOSE, which teaches nothing, was not remembered.
   */
  @Test
  void aFlowDecidedInPartsMeasuresItsGapsOnAllItsRecordsNotOnlyTheRemembered() {
    long hour = 3_600_000L;
    List<FlowRecord> tc1 =
        at(0, record(1, "00.000", "SMB2_COMMAND_TREE_CONNECT", 9, "\"share\":\"\\\\\\\\h\\\\C$\""));
    List<FlowRecord> close = at(20 * hour, record(2, "00.000", "SMB2_COMMAND_CLOSE", 9, "\"x\":1"));
    List<FlowRecord> tc2 =
        at(
            40 * hour,
            record(3, "00.000", "SMB2_COMMAND_TREE_CONNECT", 5, "\"share\":\"\\\\\\\\h\\\\D$\""));
    List<FlowRecord> create =
        at(41 * hour, record(4, "00.000", "SMB2_COMMAND_CREATE", 9, "\"filename\":\"late.txt\""));
    List<List<FlowRecord>> parts = List.of(tc1, close, tc2, create);
    List<FlowRecord> all = new ArrayList<>();
    parts.forEach(all::addAll);
    List<FlowRecord> whole = SuricataFlow.resolve(all, MEMORY_MILLIS);
    assertThat(whole)
        .filteredOn(f -> f.protocol.equals(SmbProtocols.CREATE))
        .extracting(f -> f.share)
        .containsExactly("\\\\h\\C$");
    List<FlowRecord> remembered = List.of();
    List<FlowRecord> inParts = new ArrayList<>();
    for (List<FlowRecord> part : parts) {
      SuricataFlow.Completed done = SuricataFlow.complete(remembered, part, MEMORY_MILLIS);
      inParts.addAll(done.records());
      remembered = done.remember();
    }
    assertThat(inParts).containsExactlyElementsOf(whole);
  }

  /** The record decoded from {@code line}, logged {@code millis} after 2024-04-01 09:00. */
  private static List<FlowRecord> at(long millis, String line) {
    FlowRecord f = FlowTestFiles.decodeText(FlowFormat.SURICATA_EVE, "e", line).get(0).flow();
    f.timestamp += millis;
    return List.of(f);
  }

  @Test
  void aFlowsRecordsFromTwoRotatedFilesCompleteEachOther() {
    FlowRecord connect =
        FlowTestFiles.decodeText(
                FlowFormat.SURICATA_EVE,
                "eve.json.1",
                record(
                    1, "00.000", "SMB2_COMMAND_TREE_CONNECT", 9, "\"share\":\"\\\\\\\\h\\\\C$\""))
            .get(0)
            .flow();
    FlowRecord create =
        FlowTestFiles.decodeText(
                FlowFormat.SURICATA_EVE,
                "eve.json",
                record(2, "01.000", "SMB2_COMMAND_CREATE", 9, "\"filename\":\"x.exe\""))
            .get(0)
            .flow();
    assertThat(SuricataFlow.key(connect)).isEqualTo(SuricataFlow.key(create));
    assertThat(SuricataFlow.resolve(List.of(create, connect), MEMORY_MILLIS))
        .extracting(f -> f.source, f -> f.protocol, f -> f.share)
        .containsExactly(
            tuple("eve.json.1", SmbProtocols.TREE_CONNECT, "\\\\h\\C$"),
            tuple("eve.json", SmbProtocols.CREATE, "\\\\h\\C$"));
    assertThat(create.protocol).as("the records given are not changed").isNull();
  }

  /**
   * A long-lived connection read in parts (a watched folder deciding it after each quiet spell)
   * keeps only its last 4,096 transfers, and gives the whole read's rows but one: a whole read puts
   * a transfer's second report next to its first (one transaction number), while a flow read in
   * parts knows it as a repeat only if its first is among the transfers kept. Suricata logs both
   * reports when the file is closed, so one that comes 4,096 transfers late is a rare thing.
   */
  @Test
  void aLongLivedFlowReadInPartsRemembersABoundedNumberOfTransfers() {
    List<String> lines = new ArrayList<>();
    lines.add(record(1, "00.000", "SMB2_COMMAND_TREE_CONNECT", 3, "\"share\":\"\\\\\\\\h\\\\C$\""));
    int transfers = 10_000;
    for (int i = 0; i < transfers; i++) {
      lines.add(transfer("smb", i + 2, i + 1));
    }
    lines.add(transfer("fileinfo", 9_000, transfers + 1)); // a recent transfer's repeat
    lines.add(transfer("fileinfo", 100, transfers + 2)); // one the flow has long forgotten
    List<FlowRecord> records = new ArrayList<>();
    for (FlowTestFiles.Decoded d :
        FlowTestFiles.decodeText(FlowFormat.SURICATA_EVE, "e", lines.toArray(String[]::new))) {
      records.add(d.flow());
    }
    List<FlowRecord> whole = SuricataFlow.resolve(records, MEMORY_MILLIS);
    assertThat(whole).hasSize(1 + transfers);

    List<FlowRecord> inParts = new ArrayList<>();
    List<FlowRecord> remembered = List.of();
    int part = 250;
    for (int from = 0; from < records.size(); from += part) {
      SuricataFlow.Completed done =
          SuricataFlow.complete(
              remembered,
              records.subList(from, Math.min(records.size(), from + part)),
              MEMORY_MILLIS);
      inParts.addAll(done.records());
      remembered = done.remember();
      assertThat(remembered.size()).isLessThanOrEqualTo(SuricataTrees.MAX_TREES + 2);
    }
    List<FlowRecord> lateRepeat =
        inParts.stream().filter(f -> f.line == lines.size()).toList(); // id 100's fileinfo
    assertThat(lateRepeat).hasSize(1);
    assertThat(inParts).hasSize(whole.size() + 1);
    assertThat(inParts.stream().filter(f -> f.line != lines.size()))
        .containsExactlyInAnyOrderElementsOf(whole);
  }

  /** An SMB2 write to a.exe on tree 3 of flow 42, {@code millis} ms after 09:00. */
  private static String transfer(String eventType, int smbId, int millis) {
    return write(eventType, smbId, "")
        .replace(
            "09:00:01.000000",
            String.format(Locale.ROOT, "09:00:%02d.%03d000", millis / 1000, millis % 1000));
  }

  private record Line(long number, byte[] bytes) {}

  private static List<Line> numbered(Path log) throws IOException {
    List<Line> out = new ArrayList<>();
    long n = 0;
    for (byte[] b : FlowTestFiles.lines(log)) {
      out.add(new Line(++n, b));
    }
    return out;
  }

  /** Decodes the lines in the order given, each with its own line number, and completes them. */
  private static List<FlowRecord> resolve(List<Line> lines) {
    FlowFileDecoder decoder = FlowFileDecoder.forFormat(FlowFormat.SURICATA_EVE, "eve.json");
    List<FlowRecord> flows = new ArrayList<>();
    for (Line l : lines) {
      FlowDecodeResult r = decoder.decode(l.bytes(), 0, l.bytes().length, "eve.json", l.number());
      assertThat(r.kind()).isNotEqualTo(FlowDecodeResult.Kind.QUARANTINED);
      if (r.kind() == FlowDecodeResult.Kind.FLOW) {
        flows.add(r.flow());
      }
    }
    return SuricataFlow.resolveAll(flows, MEMORY_MILLIS);
  }

  /** An SMB2 record of flow 42 at 09:MM:SS.mmm (or SS.mmm) past 09:00. */
  private static String record(int smbId, String time, String command, int treeId, String more) {
    String ts = time.contains(":") ? time : "00:" + time;
    return "{\"timestamp\":\"2024-04-01T09:"
        + ts
        + "000+0000\",\"flow_id\":42,\"event_type\":\"smb\",\"src_ip\":\"10.0.0.9\","
        + "\"src_port\":50000,\"dest_ip\":\"10.0.0.5\",\"dest_port\":445,\"smb\":{\"id\":"
        + smbId
        + ",\"command\":\""
        + command
        + "\",\"session_id\":1,\"tree_id\":"
        + treeId
        + ","
        + more
        + "}}";
  }

  private static String write(String eventType, int smbId, String fileinfo) {
    return "{\"timestamp\":\"2024-04-01T09:00:01.000000+0000\",\"flow_id\":42,\"event_type\":\""
        + eventType
        + "\",\"src_ip\":\"10.0.0.9\",\"src_port\":50000,\"dest_ip\":\"10.0.0.5\","
        + "\"dest_port\":445,\"smb\":{\"id\":"
        + smbId
        + ",\"command\":\"SMB2_COMMAND_WRITE\",\"tree_id\":3,\"filename\":\"a.exe\","
        + "\"size\":10}"
        + fileinfo
        + "}";
  }
}
