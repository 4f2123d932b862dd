package io.smbhunt.job.read;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.DefaultFileFilter;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.BlockLocation;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The Flink sources over archived log files and directories (read recursively), one whole file per
 * split.
 *
 * <p>Inside directories, names starting with {@code .} or {@code _} are skipped as Flink's default
 * filter does ({@code .crc}, {@code _SUCCESS}, {@code _temporary}, editor and Spark leftovers).
 * Flink applies that filter to the given paths too, so {@code --input _archive.log.gz} would be
 * dropped without a word; here a path the user named is always read.
 */
public final class ArchiveSources {

  private ArchiveSources() {}

  /** A bounded source over the files under {@code inputs}. */
  public static FileSource<RawLine> fileSource(List<Path> inputs, int maxLineBytes) {
    return fileSource(inputs, maxLineBytes, null);
  }

  /**
   * A source over the files under {@code inputs}; with a {@code monitorInterval} it is unbounded
   * and picks up new files at that interval (each file is read once, when first seen).
   */
  public static FileSource<RawLine> fileSource(
      List<Path> inputs, int maxLineBytes, Duration monitorInterval) {
    return fileSource(inputs, maxLineBytes, monitorInterval, Map.of());
  }

  /**
   * As above, with the files under some inputs read as a named format ({@code --input
   * zeek-tsv:/path}); keys are the inputs as given.
   */
  public static FileSource<RawLine> fileSource(
      List<Path> inputs,
      int maxLineBytes,
      Duration monitorInterval,
      Map<Path, RecordFormat> formats) {
    return fileSource(inputs, maxLineBytes, monitorInterval, formats, false);
  }

  /**
   * As above; with {@code skipUnusedEventIds}, Windows event lines whose EventID no analytic reads
   * are counted and dropped by the reader without being decoded (config {@code
   * read.skip_unused_event_ids}).
   */
  public static FileSource<RawLine> fileSource(
      List<Path> inputs,
      int maxLineBytes,
      Duration monitorInterval,
      Map<Path, RecordFormat> formats,
      boolean skipUnusedEventIds) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("no input paths");
    }
    FileSource.FileSourceBuilder<RawLine> builder =
        FileSource.forBulkFileFormat(
                new ArchiveLineFormat(maxLineBytes, overrides(formats), skipUnusedEventIds),
                inputs.toArray(Path[]::new))
            .setFileEnumerator(new Enumerator(named(inputs), Kind.LINE_ARCHIVES));
    if (monitorInterval != null) {
      builder.monitorContinuously(monitorInterval);
    }
    return builder.build();
  }

  /**
   * A source over the packet captures ({@code .pcap}, {@code .pcapng}, {@code .cap}, plain or
   * compressed) under {@code inputs}; the line source skips them.
   */
  public static FileSource<CapturedPacket> captureSource(
      List<Path> inputs, Duration monitorInterval) {
    FileSource.FileSourceBuilder<CapturedPacket> builder =
        FileSource.forBulkFileFormat(new CapturePacketFormat(), inputs.toArray(Path[]::new))
            .setFileEnumerator(new Enumerator(named(inputs), Kind.CAPTURES));
    if (monitorInterval != null) {
      builder.monitorContinuously(monitorInterval);
    }
    return builder.build();
  }

  /**
   * Whether any packet capture is under {@code inputs} now: a bounded run without one leaves the
   * capture branch out of the job, so its empty stages are not scheduled one after another.
   */
  public static boolean anyCaptures(List<Path> inputs) {
    try {
      return !new Enumerator(named(inputs), Kind.CAPTURES)
          .create()
          .enumerateSplits(inputs.toArray(Path[]::new), 1)
          .isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the inputs", e);
    }
  }

  /** Every file the two sources will read under {@code inputs}, listed once. */
  public static List<Path> files(List<Path> inputs) {
    try {
      return new Enumerator(named(inputs), Kind.ALL)
          .create().enumerateSplits(inputs.toArray(Path[]::new), 1).stream()
              .map(FileSourceSplit::path)
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the inputs", e);
    }
  }

  /** The inputs as the enumerator will see them. */
  private static List<String> named(List<Path> inputs) {
    List<String> named = new ArrayList<>();
    for (Path input : inputs) {
      named.add(key(qualified(input)));
    }
    return named;
  }

  private static Map<String, RecordFormat> overrides(Map<Path, RecordFormat> formats) {
    Map<String, RecordFormat> byPath = new HashMap<>();
    formats.forEach((path, format) -> byPath.put(key(qualified(path)), format));
    return byPath;
  }

  private static Path qualified(Path path) {
    try {
      return path.makeQualified(path.getFileSystem());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve input " + path, e);
    }
  }

  /**
   * Compares paths by their path part, without a trailing slash: the enumerator sees {@code
   * file:/x} for {@code /x}, and a directory's {@code java.nio} URI ends in {@code /}.
   */
  private static String key(Path path) {
    String p = path.toUri().getPath();
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  /** Which files an enumerator lists: each source's own, or all of them. */
  private enum Kind {
    LINE_ARCHIVES,
    CAPTURES,
    ALL
  }

  /** Shipped to the job manager with the source, hence a named serializable class. */
  private static final class Enumerator implements FileEnumerator.Provider {
    private static final long serialVersionUID = 1L;

    private final HashSet<String> named;
    private final Kind kind;

    Enumerator(List<String> named, Kind kind) {
      this.named = new HashSet<>(named);
      this.kind = kind;
    }

    @Override
    public FileEnumerator create() {
      Predicate<Path> hidden = new DefaultFileFilter();
      FileEnumerator files = new FileLister(path -> named.contains(key(path)) || hidden.test(path));
      // Captures and line archives share the input folders; each source takes its own files.
      // (The path filter above also sees directories, so the split is made on the files found.)
      // A file named twice (a folder and a file in it, overlapping globs) is read once: reading
      // it twice would double every detection it holds.
      return (paths, minDesiredSplits) -> {
        Set<String> seen = new HashSet<>();
        return files.enumerateSplits(paths, minDesiredSplits).stream()
            .filter(split -> seen.add(key(split.path())))
            .filter(
                split ->
                    kind == Kind.ALL
                        || CaptureFiles.isCaptureFile(split.path()) == (kind == Kind.CAPTURES))
            .collect(Collectors.toList());
      };
    }
  }

  /**
   * Flink's {@code NonSplittingRecursiveEnumerator} (one split per file, folders read recursively),
   * except for a local folder holding an entry that cannot be looked at, such as a symbolic link
   * whose target is gone. Flink's local file system then fails to list the whole folder, and the
   * run with it. Here the other files are listed, and the broken entry becomes a split of its own:
   * the reader fails to open it and quarantines it as {@code unreadable_file}, as any file that
   * cannot be opened.
   */
  private static final class FileLister implements FileEnumerator {
    private final Predicate<Path> filter;
    private long nextId;

    FileLister(Predicate<Path> filter) {
      this.filter = filter;
    }

    @Override
    public List<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits)
        throws IOException {
      List<FileSourceSplit> splits = new ArrayList<>();
      for (Path path : paths) {
        FileSystem fs = path.getFileSystem();
        addSplits(fs, fs.getFileStatus(path), splits);
      }
      return splits;
    }

    private void addSplits(FileSystem fs, FileStatus status, List<FileSourceSplit> splits)
        throws IOException {
      Path path = status.getPath();
      if (!filter.test(path)) {
        return;
      }
      if (!status.isDir()) {
        splits.add(
            new FileSourceSplit(
                String.valueOf(nextId++),
                path,
                0,
                status.getLen(),
                status.getModificationTime(),
                status.getLen(),
                hostsOf(fs, status)));
        return;
      }
      FileStatus[] children;
      try {
        children = fs.listStatus(path);
      } catch (FileNotFoundException e) {
        if (fs.isDistributedFS()) {
          throw e;
        }
        addLocalFolderEntryByEntry(fs, path, splits);
        return;
      }
      for (FileStatus child : children) {
        addSplits(fs, child, splits);
      }
    }

    /** Where the file's first block is, so HDFS files go to a task on its host if one is free. */
    private static String[] hostsOf(FileSystem fs, FileStatus file) throws IOException {
      BlockLocation[] blocks = fs.getFileBlockLocations(file, 0, file.getLen());
      return blocks == null || blocks.length == 0 ? new String[0] : blocks[0].getHosts();
    }

    private void addLocalFolderEntryByEntry(
        FileSystem fs, Path folder, List<FileSourceSplit> splits) throws IOException {
      List<java.nio.file.Path> entries;
      try (var listing = java.nio.file.Files.list(java.nio.file.Path.of(folder.toUri()))) {
        entries = listing.sorted().toList();
      }
      for (java.nio.file.Path entry : entries) {
        Path child = new Path(entry.toUri());
        FileStatus status;
        try {
          status = fs.getFileStatus(child);
        } catch (FileNotFoundException unreadable) {
          if (filter.test(child)) {
            splits.add(new FileSourceSplit(String.valueOf(nextId++), child, 0, 0, 0, 0));
          }
          continue;
        }
        addSplits(fs, status, splits);
      }
    }
  }
}
