package io.smbhunt.udf.flow;

import java.util.Map;

/**
 * Zeek logs a file action in {@code smb_files} when it happens, before the file analysis has given
 * the file its {@code fuid}, and again with the {@code fuid} when that analysis ends ({@code
 * SMB::write_file_log} from {@code file_state_remove}); otherwise it logs a record identical to one
 * already logged on the connection only once. So a record with an {@code fuid} that equals an
 * earlier record without one, on the same connection, is that record again: the at_schedule capture
 * of Zeek's documentation logs its one atsvc write twice so.
 *
 * <p>Either of the two is the repeat of the other, whichever comes second: a log exported newest
 * first, or re-sorted, gives the same rows as Zeek's own order (SPEC §3).
 *
 * <p>One per decoder, that is per file: a connection's records are in one log file.
 */
final class ZeekRepeats {

  /** Records whose other logging may still come; the oldest go first. */
  private static final int REMEMBERED = 4096;

  /** For each record awaiting its twin, whether the one seen had an fuid. */
  private final Map<String, Boolean> awaitingTwin = LeastRecentlyUsed.map(REMEMBERED);

  /** Whether this smb_files record is the other logging of an earlier one (fuid aside). */
  boolean isRepeat(ZeekRowMapper.Values v) {
    String key =
        String.join(
            "\t",
            String.valueOf(v.get(ZeekField.UID)),
            String.valueOf(v.get(ZeekField.TS)),
            String.valueOf(v.get(ZeekField.ACTION)),
            String.valueOf(v.get(ZeekField.PATH)),
            String.valueOf(v.get(ZeekField.NAME)),
            String.valueOf(v.get(ZeekField.SIZE)));
    boolean hasFuid = v.get(ZeekField.FUID) != null;
    Boolean seenWithFuid = awaitingTwin.get(key);
    if (seenWithFuid != null && seenWithFuid != hasFuid) {
      awaitingTwin.remove(key);
      return true;
    }
    awaitingTwin.put(key, hasFuid);
    return false;
  }
}
