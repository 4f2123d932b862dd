package io.smbhunt.udf.flow;

/**
 * The SMB command groups that matter to the flow model, from Suricata's {@code smb.command} names.
 * SMB1 and SMB2 spell the same operation differently ({@code SMB1_COMMAND_WRITE_ANDX} vs {@code
 * SMB2_COMMAND_WRITE}, {@code SMB1_COMMAND_NT_CREATE_ANDX} vs {@code SMB2_COMMAND_CREATE}), so the
 * version prefix is dropped and the rest is grouped.
 */
enum SuricataCommand {
  WRITE,
  READ,
  CREATE,
  TREE_CONNECT,
  /**
   * SMB2 IOCTL and SMB1 TRANS: FSCTL_PIPE_TRANSCEIVE / TransactNmPipe write an RPC request to a
   * pipe and read the answer in one round trip.
   */
  TRANSCEIVE,
  CLOSE,
  DELETE,
  RENAME,
  OTHER;

  /** A file transfer: Suricata reports it twice (an smb and a fileinfo event). */
  boolean isTransfer() {
    return this == WRITE || this == READ;
  }

  /** The group of a Suricata command name; {@link #OTHER} for {@code null} or unknown names. */
  static SuricataCommand of(String command) {
    if (command == null) {
      return OTHER;
    }
    String verb = command;
    if (verb.startsWith("SMB1_COMMAND_") || verb.startsWith("SMB2_COMMAND_")) {
      verb = verb.substring("SMB1_COMMAND_".length());
    }
    if (verb.startsWith("WRITE")) { // WRITE, WRITE_ANDX, WRITE_AND_CLOSE, WRITE_RAW, …
      return WRITE;
    }
    if (verb.startsWith("READ")) { // READ, READ_ANDX, READ_RAW, …
      return READ;
    }
    if (verb.startsWith("TREE_CONNECT")) { // TREE_CONNECT, TREE_CONNECT_ANDX
      return TREE_CONNECT;
    }
    switch (verb) {
      case "CREATE":
      case "NT_CREATE_ANDX":
      case "CREATE_NEW":
      case "OPEN":
      case "OPEN_ANDX":
        return CREATE;
      case "IOCTL":
      case "TRANS":
        return TRANSCEIVE;
      case "CLOSE":
        return CLOSE;
      case "DELETE":
        return DELETE;
      case "RENAME":
      case "NT_RENAME":
        return RENAME;
      default:
        return OTHER;
    }
  }
}
