package org.vae4j.api.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;
import org.vae4j.api.testing.fixture.Clean;
import org.vae4j.api.testing.fixture.Leaky;
import org.vae4j.api.testing.fixture.internal.Hidden;

/** The rule itself: it finds every kind of exposure in the fixtures and nothing else. */
class PublicApiRulesTest {

  private static final String HIDDEN = Hidden.class.getName();

  @Test
  void findsInternalTypesInFieldsReturnsParametersThrowsAndSupertypes() {
    JavaClasses classes = new ClassFileImporter().importClasses(Leaky.class, Leaky.Inner.class,
        Hidden.class);
    EvaluationResult result =
        PublicApiRules.noInternalTypesInPublicSignatures().evaluate(classes);
    assertThat(result.hasViolation()).isTrue();
    String leaky = Leaky.class.getName();
    assertThat(result.getFailureReport().getDetails()).containsExactlyInAnyOrder(
        "field " + leaky + ".field " + HIDDEN + ", a type of an internal package",
        leaky + ".nested() returns " + HIDDEN + ", a type of an internal package",
        leaky + ".take(" + HIDDEN + ") takes " + HIDDEN + ", a type of an internal package",
        leaky + ".take(" + HIDDEN + ") throws " + HIDDEN + ", a type of an internal package",
        Leaky.Inner.class.getName() + " extends " + HIDDEN + ", a type of an internal package");
  }

  @Test
  void acceptsInternalTypesUsedInsideOrInNonPublicClasses() throws ClassNotFoundException {
    JavaClasses classes = new ClassFileImporter().importClasses(Clean.class, Hidden.class,
        Class.forName("org.vae4j.api.testing.fixture.PackagePrivate"));
    assertThat(PublicApiRules.noInternalTypesInPublicSignatures().evaluate(classes)
        .hasViolation()).isFalse();
  }

  @Test
  void failsRatherThanPassingWhenThereIsNothingToCheck() {
    // only internal classes: an empty rule must not pass silently
    JavaClasses classes = new ClassFileImporter().importClasses(Hidden.class);
    assertThatThrownBy(() -> PublicApiRules.noInternalTypesInPublicSignatures().check(classes))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void recognisesInternalPackagesBySegment() {
    assertThat(PublicApiRules.isInternalPackage("org.vae4j.core.internal")).isTrue();
    assertThat(PublicApiRules.isInternalPackage("org.vae4j.core.train.internal")).isTrue();
    assertThat(PublicApiRules.isInternalPackage("org.vae4j.core.internals")).isFalse();
    assertThat(PublicApiRules.isInternalPackage("org.vae4j.internalish")).isFalse();
  }
}
