package dev.skein.storage.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Listing for {@link LocalObjectStore}: walks only the directories a prefix can match, skips
 * temporary files, and tolerates directories that a concurrent delete removes mid-walk. Prefixes
 * are validated by the caller. Stateless apart from the root; thread-safe.
 */
final class LocalTree {

  private final Path root;

  LocalTree(Path root) {
    this.root = root;
  }

  /** Keys starting with {@code prefix}, sorted as strings. */
  List<String> list(String prefix) throws IOException {
    int slash = prefix.lastIndexOf('/');
    Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
    List<String> keys = new ArrayList<>();
    try {
      Files.walkFileTree(start, new PrefixVisitor(prefix, keys));
    } catch (NoSuchFileException e) {
      return List.of();
    }
    // Sort by key, not by path: "a-c" < "a/b" as strings although the walk may see a/ first.
    Collections.sort(keys);
    return keys;
  }

  /** The next segments below {@code prefix} (empty or ending with '/') that hold an object. */
  List<String> children(String prefix) throws IOException {
    Path dir = prefix.isEmpty() ? root : root.resolve(prefix.substring(0, prefix.length() - 1));
    TreeSet<String> children = new TreeSet<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        if (LocalObjectStore.isTemp(entry)) {
          continue;
        }
        // An empty directory (a crash between a delete and its pruning) is not a child.
        if (Files.isRegularFile(entry) || holdsAnObject(entry)) {
          children.add(entry.getFileName().toString());
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    }
    return List.copyOf(children);
  }

  private String keyOf(Path path) {
    return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
  }

  private static boolean holdsAnObject(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.anyMatch(p -> !LocalObjectStore.isTemp(p) && Files.isRegularFile(p));
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof NoSuchFileException) {
        return false;
      }
      throw e.getCause();
    }
  }

  /** Collects regular, non-temporary files whose key starts with the prefix. */
  private final class PrefixVisitor extends SimpleFileVisitor<Path> {
    private final String prefix;
    private final List<String> keys;

    PrefixVisitor(String prefix, List<String> keys) {
      this.prefix = prefix;
      this.keys = keys;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
      String dirKey = keyOf(dir) + "/";
      boolean relevant = dir.equals(root) || dirKey.startsWith(prefix) || prefix.startsWith(dirKey);
      return relevant ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      String key = keyOf(file);
      if (attrs.isRegularFile() && !LocalObjectStore.isTemp(file) && key.startsWith(prefix)) {
        keys.add(key);
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
      // A directory deleted while we walk (a concurrent delete) is simply gone.
      if (e instanceof NoSuchFileException) {
        return FileVisitResult.CONTINUE;
      }
      throw e;
    }
  }
}
