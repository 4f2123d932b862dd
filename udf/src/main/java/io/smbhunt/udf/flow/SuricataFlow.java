package io.smbhunt.udf.flow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Completes the Suricata records of one flow — whatever order they were read in — into flow
 * records: each gets the share of its tree's TREE_CONNECT, the user its session signed in as, the
 * RPC interface last bound on its tree (Suricata 6 names it only on the BIND), and from those its
 * protocol. Mapping by {@code smb.command} ({@link SuricataCommand}):
 *
 * <ul>
 *   <li>WRITE → {@code smb.write}, or {@code smb.write_pipe} when the record is on a pipe; READ →
 *       {@code smb.read(_pipe)}; CREATE → {@code smb.create(_pipe)}. A record is on a pipe when its
 *       {@code share_type} is PIPE, it has a {@code named_pipe}, its share is IPC$ (or its tree was
 *       connected to a pipe share), or it carries a {@code dcerpc} section. A CREATE whose tree was
 *       not seen (the eve file was rotated in between) counts as a pipe open only if its name is a
 *       well-known RPC pipe ({@link PipeNames}), like Suricata's documented {@code atsvc} example.
 *   <li>TREE_CONNECT → {@code smb.tree_connect}. Suricata logs a pipe share's path as {@code
 *       named_pipe} instead of {@code share}, so that is the share here, not a pipe.
 *   <li>IOCTL / SMB1 TRANS with a {@code dcerpc} section → {@code smb.write_pipe}: that is
 *       FSCTL_PIPE_TRANSCEIVE / TransactNmPipe, which write the RPC request to the pipe. Without
 *       it, {@code smb.other}.
 *   <li>A TREE_CONNECT or CREATE the server refused ({@code status_code} not 0) → {@code
 *       smb.other}: it connected or opened nothing (the capture decoder and Zeek omit it).
 *   <li>CLOSE/DELETE/RENAME (or a {@code rename} section) → {@code smb.close/delete/rename};
 *       everything else (negotiate, session setup, …) → {@code smb.other}.
 * </ul>
 *
 * <p>Why the result does not depend on line order (SPEC §3): a flow's records are put in its own
 * order before anything is learnt from them — Suricata's transaction number ({@code smb.id}), which
 * counts up as requests arrive, so a CREATE comes after the TREE_CONNECT it needed; then the time,
 * then the content. A file transfer Suricata reports twice (an smb and a fileinfo event with one
 * {@code smb.id}) is the smb event's row; the fileinfo event stands alone where smb logging is off.
 *
 * <p>A flow whose log is silent for longer than its memory (a day by default) is taken as ended:
 * records after the gap learn nothing from those before it. The gap is measured on the log, not on
 * the wire: Suricata logs a file transfer when the file is closed, so a long copy leaves no record
 * between its tree connect and its write, while the flow id already stands for one TCP connection.
 * That rule, on event time alone, lets a streaming job forget a flow once event time is that far
 * past its last record, and still decide as a batch job that sees all at once.
 */
public final class SuricataFlow {

  /** Suricata's own order of a flow's records, then time, then content: a total order. */
  static final Comparator<FlowRecord> FLOW_ORDER =
      Comparator.<FlowRecord>comparingLong(
              f -> f.suricata.transaction < 0 ? Long.MAX_VALUE : f.suricata.transaction)
          .thenComparing(f -> f.suricata.fileinfo)
          .thenComparingLong(f -> f.timestamp)
          .thenComparingInt(f -> f.suricata.microsOfMilli)
          .thenComparing(SuricataFlow::content);

  private static final Comparator<FlowRecord> BY_TIME =
      Comparator.<FlowRecord>comparingLong(f -> f.timestamp)
          .thenComparingInt(f -> f.suricata.microsOfMilli)
          .thenComparing(FLOW_ORDER);

  private SuricataFlow() {}

  /**
   * The flow a Suricata record belongs to: its {@code flow_id} with the two endpoints, which keep
   * two sensors' flows apart should their flow ids (a sensor's hash) meet.
   */
  public static String key(FlowRecord f) {
    String a = f.srcIp + ' ' + f.srcPort;
    String b = f.dstIp + ' ' + f.dstPort;
    return f.connectionId + '|' + (a.compareTo(b) <= 0 ? a + '|' + b : b + '|' + a);
  }

  /**
   * The records of one flow ({@link #key}) completed, in the flow's order, without the second
   * report of a file transfer. The records given are not changed.
   *
   * @param memoryMillis a gap longer than this ends the flow's context
   */
  public static List<FlowRecord> resolve(Collection<FlowRecord> records, long memoryMillis) {
    return complete(List.of(), records, memoryMillis).records();
  }

  /**
   * What {@link #complete} gives: the records completed, and those of the flow (given or
   * remembered) that later records may still learn from, with the flow's newest record (from which
   * the next part's gap is measured).
   */
  public record Completed(List<FlowRecord> records, List<FlowRecord> remember) {}

  /**
   * {@link #resolve} for a flow read in parts (a watched folder): {@code records} are completed
   * with what {@code remembered} — records of the same flow completed and sent on before, as a
   * previous call returned them in {@link Completed#remember} — teach them, as if all had been
   * resolved together (which records are repeats included), as long as no record of the flow is
   * logged out of its turn by more than the time between two calls. Of the transfers only the last
   * 4,096 are remembered: a transfer's second report logged later than that is a row of its own
   * here, where a whole read puts it next to its first.
   */
  public static Completed complete(
      Collection<FlowRecord> remembered, Collection<FlowRecord> records, long memoryMillis) {
    List<Entry> byTime = new ArrayList<>(remembered.size() + records.size());
    remembered.forEach(f -> byTime.add(new Entry(f, false)));
    records.forEach(f -> byTime.add(new Entry(f, true)));
    byTime.sort(Comparator.comparing(Entry::record, BY_TIME));
    List<FlowRecord> out = new ArrayList<>(records.size());
    List<FlowRecord> remember = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= byTime.size(); i++) {
      if (i == byTime.size() || endsStretch(byTime.get(i - 1), byTime.get(i), memoryMillis)) {
        List<Entry> stretch = new ArrayList<>(byTime.subList(start, i));
        stretch.sort(Comparator.comparing(Entry::record, FLOW_ORDER));
        remember.clear();
        complete(stretch, out, remember);
        start = i;
      }
    }
    remember = lastTransfersOnly(remember);
    if (!byTime.isEmpty()) {
      // The flow's newest record, even one that teaches nothing, is kept so that the next part's
      // gap is measured from it, as it would be were the flow read whole.
      FlowRecord newest = byTime.get(byTime.size() - 1).record();
      if (remember.stream().noneMatch(r -> r == newest)) {
        remember.add(newest);
      }
    }
    return new Completed(out, remember);
  }

  /**
   * {@code remember} (in the flow's order) with only the transfers a whole read still knows: a flow
   * holds the last {@link SuricataTrees#MAX_TREES} reported transfers, so a long-lived connection
   * read in parts keeps a bounded state and replays a bounded number of records.
   */
  private static List<FlowRecord> lastTransfersOnly(List<FlowRecord> remember) {
    Set<String> transfers = new HashSet<>();
    List<FlowRecord> kept = new ArrayList<>(remember.size());
    for (int i = remember.size() - 1; i >= 0; i--) {
      FlowRecord r = remember.get(i);
      if (SuricataCommand.of(r.action).isTransfer()) {
        String key = r.suricata.transaction + "/" + r.action;
        if (transfers.size() >= SuricataTrees.MAX_TREES || !transfers.add(key)) {
          continue;
        }
      }
      kept.add(r);
    }
    Collections.reverse(kept);
    return kept;
  }

  /**
   * Whether a gap above the memory lies between two records next in time. Two remembered records
   * never: a previous call kept them from one stretch of the flow, whose records between them (not
   * remembered, as they teach nothing) closed every such gap.
   */
  private static boolean endsStretch(Entry before, Entry after, long memoryMillis) {
    return (before.wanted() || after.wanted())
        && after.record().timestamp - before.record().timestamp > memoryMillis;
  }

  /** A record of the flow, and whether it is to be completed (else only learnt from). */
  private record Entry(FlowRecord record, boolean wanted) {}

  /**
   * {@link #resolve} for records of any flows and sensors (a whole decoded file, in tests and
   * tools): other sensors' records pass unchanged; the result keeps the first record of each flow
   * in place.
   */
  public static List<FlowRecord> resolveAll(List<FlowRecord> records, long memoryMillis) {
    Map<Object, List<FlowRecord>> groups = new LinkedHashMap<>();
    for (FlowRecord f : records) {
      Object group = f.suricata == null ? new Object() : key(f);
      groups.computeIfAbsent(group, k -> new ArrayList<>()).add(f);
    }
    List<FlowRecord> out = new ArrayList<>(records.size());
    groups.forEach(
        (group, flow) ->
            out.addAll(flow.get(0).suricata == null ? flow : resolve(flow, memoryMillis)));
    return out;
  }

  private static void complete(
      List<Entry> stretch, List<FlowRecord> out, List<FlowRecord> remember) {
    SuricataTrees trees = new SuricataTrees();
    for (Entry e : stretch) {
      FlowRecord given = e.record();
      FlowRecord f = given.copy();
      SuricataFacts s = f.suricata;
      f.suricata = null;
      String flow = f.connectionId;
      if (s.signedInAs != null) {
        trees.signedIn(flow, s.sessionId, s.signedInAs);
      }
      f.user = trees.user(flow, s.sessionId);
      SuricataCommand command = SuricataCommand.of(f.action);
      if (teaches(s, command)) {
        remember.add(given);
      }
      if (command.isTransfer() && !trees.firstReport(flow, s.transaction, f.action)) {
        continue;
      }
      if (s.failed
          && (command == SuricataCommand.TREE_CONNECT || command == SuricataCommand.CREATE)) {
        refused(f, s, trees);
      } else if (command == SuricataCommand.TREE_CONNECT) {
        treeConnect(f, s, trees);
      } else {
        onTree(f, s, command, trees);
      }
      if (e.wanted()) {
        out.add(f);
      }
    }
  }

  /**
   * Whether later records of the flow learn from this one: a tree connect, a sign-in, an RPC bind,
   * or a file transfer (whose second report must be known as such).
   */
  private static boolean teaches(SuricataFacts s, SuricataCommand command) {
    return (command == SuricataCommand.TREE_CONNECT && !s.failed)
        || s.signedInAs != null
        || (s.dcerpc && s.bindsInterface)
        || command.isTransfer();
  }

  private static void treeConnect(FlowRecord f, SuricataFacts s, SuricataTrees trees) {
    String pipeShare = SuricataEveDecoder.sharePath(s.namedPipe);
    f.protocol = SmbProtocols.TREE_CONNECT;
    f.share = s.share != null ? s.share : pipeShare;
    f.shareType = s.shareType;
    boolean pipe =
        pipeShare != null || "PIPE".equalsIgnoreCase(f.shareType) || PipeNames.isIpcShare(f.share);
    trees.put(f.connectionId, s.treeId, f.share, f.shareType, pipe);
  }

  /**
   * A TREE_CONNECT or CREATE the server refused: {@code smb.other}, as the capture decoder and Zeek
   * do not report it at all; it connects no tree (Suricata logs tree 0 for it) and opens no file or
   * pipe, so it is neither a share's use nor a pipe open that stands in for writes.
   */
  private static void refused(FlowRecord f, SuricataFacts s, SuricataTrees trees) {
    SuricataTrees.Tree tree = trees.get(f.connectionId, s.treeId);
    String named = s.share != null ? s.share : SuricataEveDecoder.sharePath(s.namedPipe);
    f.share = named != null ? named : tree == null ? null : tree.share;
    f.shareType = s.shareType;
    f.protocol = SmbProtocols.OTHER;
  }

  private static void onTree(
      FlowRecord f, SuricataFacts s, SuricataCommand command, SuricataTrees trees) {
    if (s.dcerpc && s.bindsInterface) {
      // Taken as the interface of the tree's next calls: right for a client that uses one pipe
      // at a time on a tree, a guess when two interleave.
      trees.bound(f.connectionId, s.treeId, f.rpcEndpoint);
    }
    SuricataTrees.Tree tree = trees.get(f.connectionId, s.treeId);
    if (s.dcerpc && f.rpcEndpoint == null && tree != null) {
      f.rpcEndpoint = tree.boundInterface;
    }
    f.share = s.share != null ? s.share : tree == null ? null : tree.share;
    f.shareType = s.shareType != null ? s.shareType : tree == null ? null : tree.shareType;
    boolean pipe =
        s.namedPipe != null
            || s.dcerpc
            || "PIPE".equalsIgnoreCase(f.shareType)
            || PipeNames.isIpcShare(f.share)
            || (tree != null && tree.pipe)
            || (command == SuricataCommand.CREATE
                && f.share == null
                && PipeNames.isWellKnown(PipeNames.normalize(s.name)));
    f.protocol = protocol(command, pipe, s);
    if (pipe) {
      f.pipeNameRaw = s.namedPipe != null ? s.namedPipe : s.name;
      f.pipeName = PipeNames.normalize(f.pipeNameRaw);
    } else if (s.name != null) {
      f.fileName = PipeNames.shareRelative(s.name);
    }
  }

  private static String protocol(SuricataCommand command, boolean pipe, SuricataFacts s) {
    switch (command) {
      case WRITE:
        return pipe ? SmbProtocols.WRITE_PIPE : SmbProtocols.WRITE;
      case READ:
        return pipe ? SmbProtocols.READ_PIPE : SmbProtocols.READ;
      case CREATE:
        return pipe ? SmbProtocols.CREATE_PIPE : SmbProtocols.CREATE;
      case TRANSCEIVE:
        return s.dcerpc ? SmbProtocols.WRITE_PIPE : SmbProtocols.OTHER;
      case CLOSE:
        return SmbProtocols.CLOSE;
      case DELETE:
        return SmbProtocols.DELETE;
      case RENAME:
        return SmbProtocols.RENAME;
      default:
        return s.rename ? SmbProtocols.RENAME : SmbProtocols.OTHER;
    }
  }

  /** The record's content as one text, the last tie-break (after it only its place in a file). */
  private static String content(FlowRecord f) {
    SuricataFacts s = f.suricata;
    return String.join(
        "\u0000",
        String.valueOf(f.action),
        String.valueOf(s.treeId),
        String.valueOf(s.sessionId),
        String.valueOf(s.name),
        String.valueOf(s.share),
        String.valueOf(s.namedPipe),
        String.valueOf(s.signedInAs),
        String.valueOf(f.rpcEndpoint),
        String.valueOf(f.rpcOperation),
        String.valueOf(f.size),
        String.valueOf(f.source),
        String.valueOf(f.line));
  }
}
