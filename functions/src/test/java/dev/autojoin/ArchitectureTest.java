package dev.autojoin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.autojoin");

    @Test
    void domainAndApp_importNoAwsAndNoJackson() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.autojoin.domain..", "dev.autojoin.app..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("software.amazon..", "com.amazonaws..", "com.fasterxml.jackson..")
                .check(PRODUCT);
    }

    @Test
    void theCore_doesNotReachOutward() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.autojoin.domain..", "dev.autojoin.app..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.autojoin.adapter..", "dev.autojoin.handler..", "dev.autojoin.config..")
                .check(PRODUCT);
    }

    @Test
    void adapters_doNotCallHandlers() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.autojoin.adapter..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.autojoin.handler..")
                .check(PRODUCT);
    }
}
