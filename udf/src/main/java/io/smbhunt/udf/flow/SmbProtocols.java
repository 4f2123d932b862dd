package io.smbhunt.udf.flow;

import java.util.Locale;
import java.util.Set;

/**
 * The values of {@link FlowRecord#protocol}: the CAR flow model's {@code protocol} names for SMB
 * (CAR-2013-05-003 filters on {@code smb.write}, CAR-2014-03-001 on {@code smb.write_pipe}),
 * extended with the other SMB operations every sensor reports, so one vocabulary covers Zeek,
 * Suricata and CAR records alike.
 *
 * <p>The {@code _pipe} variants exist because CAR splits named-pipe traffic from file traffic: pipe
 * writes are RPC calls (service creation, task scheduling), file writes are tool transfer.
 */
public final class SmbProtocols {

  /** A write to a file on a disk share (CAR-2013-05-003). */
  public static final String WRITE = "smb.write";

  /** A write to a named pipe, i.e. an RPC request over SMB (CAR-2014-03-001). */
  public static final String WRITE_PIPE = "smb.write_pipe";

  public static final String READ = "smb.read";
  public static final String READ_PIPE = "smb.read_pipe";

  /** A file open or create (SMB CREATE is used for both). */
  public static final String CREATE = "smb.create";

  /** A named-pipe open: the first step of every RPC-over-SMB conversation. */
  public static final String CREATE_PIPE = "smb.create_pipe";

  /** A share mapping (Zeek smb_mapping, SMB TREE_CONNECT). */
  public static final String TREE_CONNECT = "smb.tree_connect";

  public static final String DELETE = "smb.delete";
  public static final String RENAME = "smb.rename";
  public static final String CLOSE = "smb.close";

  /** An RPC call the sensor saw without saying how it was carried (CAR records only). */
  public static final String RPC_CALL = "smb.rpc_call";

  /** Any other SMB operation (negotiate, session setup, set-info, print, …). */
  public static final String OTHER = "smb.other";

  private static final Set<String> ALL =
      Set.of(
          WRITE,
          WRITE_PIPE,
          READ,
          READ_PIPE,
          CREATE,
          CREATE_PIPE,
          TREE_CONNECT,
          DELETE,
          RENAME,
          CLOSE,
          RPC_CALL,
          OTHER);

  private SmbProtocols() {}

  /** Whether {@code protocol} is one of the constants above (exact, lower case). */
  public static boolean isKnown(String protocol) {
    return protocol != null && ALL.contains(protocol);
  }

  /**
   * The constant for a CAR-style protocol name in any case ({@code SMB.Write} → {@code smb.write});
   * {@link #OTHER} for an unknown {@code smb.*} or bare {@code smb} name; {@code null} for a
   * protocol that is not SMB at all.
   */
  public static String fromCarName(String name) {
    if (name == null) {
      return null;
    }
    String lower = name.trim().toLowerCase(Locale.ROOT);
    if (ALL.contains(lower)) {
      return lower;
    }
    if (lower.equals("smb") || lower.startsWith("smb.")) {
      return OTHER;
    }
    return null;
  }
}
