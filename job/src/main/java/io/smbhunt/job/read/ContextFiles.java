package io.smbhunt.job.read;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.fs.Path;

/**
 * Which of a run's files are context: read so that chains begun in them can be completed, but not
 * the run's own input (a nightly run's previous day, see {@code nightly.PreviousDay}). Their lines
 * are decoded and joined like any other, and counted apart; their quarantine and the rows made of
 * them alone belong to the hunt that has them as its own input.
 *
 * <p>A file is told by its name as the reader gives it ({@link RawLine#source}, the evidence's
 * {@code source}): the file's path, with {@code !/entry} after an archive. Shipped with the
 * operators that ask, hence serializable and made of strings.
 */
public final class ContextFiles implements Serializable {

  private static final long serialVersionUID = 1L;

  /** A run without context: every file is its own. */
  public static final ContextFiles NONE = new ContextFiles(new ArrayList<>(), new ArrayList<>());

  private final ArrayList<String> own;
  private final ArrayList<String> context;

  private ContextFiles(ArrayList<String> own, ArrayList<String> context) {
    this.own = own;
    this.context = context;
  }

  /**
   * @param own the run's own inputs, qualified as {@link Inputs#check} gives them
   * @param context the context inputs, qualified the same way
   */
  public static ContextFiles of(List<Path> own, List<Path> context) {
    return new ContextFiles(names(own), names(context));
  }

  public boolean isEmpty() {
    return context.isEmpty();
  }

  /**
   * Whether {@code source} lies under a context input. A file under one of the run's own inputs as
   * well is its own: the source lists it once, and it is the run's to report.
   */
  public boolean isContext(String source) {
    return source != null && under(context, source) && !under(own, source);
  }

  /**
   * How many of the files under {@code inputs} are context, listed anew: for the manifest, so not
   * before the job, which lists them itself.
   */
  public long countAmong(List<Path> inputs) {
    if (isEmpty()) {
      return 0;
    }
    return ArchiveSources.files(inputs).stream().filter(f -> isContext(f.toString())).count();
  }

  private static boolean under(List<String> roots, String source) {
    for (String root : roots) {
      if (source.startsWith(root)
          && (source.length() == root.length()
              || root.endsWith("/")
              || source.startsWith("/", root.length())
              || source.startsWith("!/", root.length()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The inputs named as the reader names the files under them: a file's source is its path as the
   * file system lists it, which begins with its qualified input's {@link Path#toString}.
   */
  private static ArrayList<String> names(List<Path> inputs) {
    ArrayList<String> names = new ArrayList<>();
    for (Path input : inputs) {
      names.add(input.toString());
    }
    return names;
  }
}
