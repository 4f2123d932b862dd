package io.smbhunt.job.read;

import java.util.Locale;
import java.util.regex.Pattern;

/** Which files are packet captures: by name, as capture tools and rotation scripts write them. */
public final class CaptureFiles {

  private static final Pattern CAPTURE =
      Pattern.compile(".*\\.(pcap|pcapng|cap)([0-9]*)(\\.(gz|gzip|bz2|xz|zip))?");

  private CaptureFiles() {}

  /**
   * {@code x.pcap}, {@code x.pcapng}, {@code x.cap}, tcpdump's rotated {@code x.pcap17} ({@code
   * -C}), each plain or compressed.
   */
  public static boolean isCapture(String fileName) {
    return CAPTURE.matcher(fileName.toLowerCase(Locale.ROOT)).matches();
  }
}
