package io.smbhunt.job.read;

import io.smbhunt.udf.pcap.Packet;
import io.smbhunt.udf.pcap.PcapFormatException;
import io.smbhunt.udf.pcap.PcapReader;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.Path;

/**
 * Reads pcap and pcapng files (plain or compressed) packet by packet. Not splittable: a capture is
 * read whole by one task; many captures in parallel. A damaged file ends in one failure record at
 * the packet where it broke; the packets before it stand. Restores by re-reading and skipping the
 * packets already emitted, as the line format does.
 */
public final class CapturePacketFormat implements BulkFormat<CapturedPacket, FileSourceSplit> {

  private static final long serialVersionUID = 1L;

  private static final int BATCH = 256;

  @Override
  public Reader<CapturedPacket> createReader(Configuration config, FileSourceSplit split)
      throws IOException {
    return new PacketReader(split.path(), 0);
  }

  @Override
  public Reader<CapturedPacket> restoreReader(Configuration config, FileSourceSplit split)
      throws IOException {
    long skip = 0;
    if (split.getReaderPosition().isPresent()) {
      CheckpointedPosition position = split.getReaderPosition().get();
      if (position.getOffset() != CheckpointedPosition.NO_OFFSET) {
        throw new IOException("Cannot restore " + split.path() + " from a byte offset");
      }
      skip = position.getRecordsAfterOffset();
    }
    return new PacketReader(split.path(), skip);
  }

  @Override
  public boolean isSplittable() {
    return false;
  }

  @Override
  public TypeInformation<CapturedPacket> getProducedType() {
    return TypeInformation.of(CapturedPacket.class);
  }

  private static final class PacketReader implements BulkFormat.Reader<CapturedPacket> {

    private final Path path;
    private String source;

    /** The file as opened, kept to be closed when no decoding stream was built on it. */
    private InputStream raw;

    private InputStream stream;

    /** A zip's or tar's entries, for a capture archive (see {@link CaptureFiles#isCaptureFile}). */
    private ArchiveInputStream<?> archive;

    private PcapReader pcap;
    private long emitted;
    private long toSkip;
    private boolean ended;

    PacketReader(Path path, long alreadyEmitted) {
      this.path = path;
      this.source = path.toString();
      this.emitted = alreadyEmitted;
      this.toSkip = alreadyEmitted;
    }

    @Override
    public RecordIterator<CapturedPacket> readBatch() {
      if (ended) {
        return null;
      }
      CapturedPacket[] batch = new CapturedPacket[BATCH];
      int n = 0;
      while (n < BATCH && !ended) {
        CapturedPacket next = next();
        if (next == null) {
          ended = true;
        } else if (toSkip > 0) {
          toSkip--;
        } else {
          batch[n++] = next;
        }
      }
      if (n == 0) {
        return null;
      }
      ArrayResultIterator<CapturedPacket> it = new ArrayResultIterator<>();
      it.set(batch, n, CheckpointedPosition.NO_OFFSET, emitted);
      emitted += n;
      return it;
    }

    /** The next packet or failure record, or null at the end of the file. */
    private CapturedPacket next() {
      try {
        if (stream == null) {
          open();
        }
        Packet p = null;
        while (pcap != null && (p = pcap.next()) == null && archive != null) {
          pcap = nextCaptureEntry();
        }
        if (p == null) {
          return null;
        }
        CapturedPacket c = new CapturedPacket();
        c.source = source;
        c.index = p.index;
        c.timestampMicros = p.timestampMicros;
        c.linkType = p.linkType;
        c.originalLength = p.originalLength;
        c.data = p.data;
        return c;
      } catch (PcapFormatException e) {
        if (e.isFatal()) {
          ended = true;
        }
        return failure(e.reason(), e.getMessage(), e.packetIndex());
      } catch (IOException | RuntimeException e) {
        ended = true;
        String reason =
            raw == null
                ? ArchiveLines.UNREADABLE_FILE
                : stream == null ? ArchiveLines.CORRUPT_COMPRESSED_FILE : "corrupt_capture_file";
        return failure(reason, String.valueOf(e), 0);
      }
    }

    private void open() throws IOException {
      String name = path.getName();
      raw = path.getFileSystem().open(path);
      if (Compression.isArchive(name)) {
        archive = Compression.openArchive(name, raw);
        stream = archive;
        pcap = nextCaptureEntry();
      } else {
        stream = Compression.of(name).open(raw);
        pcap = new PcapReader(stream);
      }
    }

    /**
     * The next capture in the archive, or null after the last. Other files in it are skipped: a
     * capture archive's notes or checksums are no packets (and its log lines belong in an archive
     * of their own, which the line reader reads).
     */
    private PcapReader nextCaptureEntry() throws IOException {
      ArchiveEntry entry;
      while ((entry = archive.getNextEntry()) != null) {
        if (Compression.holdsData(entry) && CaptureFiles.isCapture(entry.getName())) {
          source = path + "!/" + entry.getName();
          return new PcapReader(new Compression.Guarded(archive));
        }
      }
      return null;
    }

    private CapturedPacket failure(String reason, String detail, long index) {
      CapturedPacket c = new CapturedPacket();
      c.source = source;
      c.index = index;
      c.data = new byte[0];
      c.readError = reason;
      c.readErrorDetail = detail;
      return c;
    }

    @Override
    public void close() throws IOException {
      if (stream != null) {
        stream.close();
      } else if (raw != null) {
        raw.close(); // the decompressor or archive reader refused the file
      }
    }
  }
}
