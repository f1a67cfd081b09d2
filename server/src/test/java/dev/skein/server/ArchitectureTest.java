package dev.skein.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** DESIGN.md section 1: only server/ knows Spring, and dependencies point down. */
class ArchitectureTest {

  static final JavaClasses SKEIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.skein");

  @Test
  void onlyServerDependsOnSpring() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.skein.server..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.springframework..")
        .check(SKEIN);
  }

  @Test
  void lowerModulesNeverReachUpIntoServer() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.skein.server..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.skein.server..")
        .check(SKEIN);
  }
}
