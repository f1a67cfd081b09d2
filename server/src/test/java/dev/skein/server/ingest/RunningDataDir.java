package dev.skein.server.ingest;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Lists files under the data directory of a server that is still running. {@code Files.walk} fails
 * with {@link NoSuchFileException} when a file it has listed is gone before it reads its
 * attributes, which a running server's write-to-temp-then-rename does all the time; this walk skips
 * such files (and directories deleted under it) instead.
 */
final class RunningDataDir {

  private RunningDataDir() {}

  /** Regular files under {@code root} whose path matches; empty when {@code root} is gone. */
  static List<Path> files(Path root, Predicate<Path> match) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.exists(root)) {
      return out;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && match.test(file)) {
              out.add(file);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
              throw e;
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return out;
  }
}
