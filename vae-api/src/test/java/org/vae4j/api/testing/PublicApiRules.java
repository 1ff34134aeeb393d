package org.vae4j.api.testing;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rule every vae4j library module checks in its tests (shared through vae-api's test jar):
 * no public signature outside an {@code internal} package exposes a type from an {@code internal}
 * package. A "public signature" is anything a user can name from outside the module: the
 * superclass and interfaces of an accessible class, and the type (with its type arguments) of
 * every public or protected field, the return, parameter and thrown types of every public or
 * protected method and constructor, of every public class (and public class nested in one) in a
 * package whose name has no {@code internal} segment. Java modules cannot enforce this for vae4j
 * (docs/architecture.md says why), so this test does.
 */
public final class PublicApiRules {

  private PublicApiRules() {}

  /** True for a package with an {@code internal} segment, e.g. {@code org.vae4j.core.internal}. */
  public static boolean isInternalPackage(String packageName) {
    return ("." + packageName + ".").contains(".internal.");
  }

  /** The rule, over the classes it is given. */
  public static ArchRule noInternalTypesInPublicSignatures() {
    return ArchRuleDefinition.classes().that(ACCESSIBLE_OUTSIDE_INTERNAL)
        .should(NOT_EXPOSE_INTERNAL_TYPES)
        .because("internal packages are not API: a user must never need to name their types");
  }

  /**
   * The classes of the module that holds {@code anyMainClass}: its class directory (or jar), read
   * directly rather than by scanning the class path.
   */
  public static JavaClasses moduleClasses(Class<?> anyMainClass) {
    try {
      Path location = Path.of(anyMainClass.getProtectionDomain().getCodeSource().getLocation().toURI());
      return new ClassFileImporter().importPath(location);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("no class location for " + anyMainClass, e);
    }
  }

  /**
   * Checks the rule on the classes of the module that holds {@code anyMainClass}; throws an
   * {@link AssertionError} listing every violation.
   */
  public static void check(Class<?> anyMainClass) {
    noInternalTypesInPublicSignatures().check(moduleClasses(anyMainClass));
  }

  private static final DescribedPredicate<JavaClass> ACCESSIBLE_OUTSIDE_INTERNAL =
      new DescribedPredicate<>("are public and outside internal packages") {
        @Override
        public boolean test(JavaClass c) {
          return !isInternalPackage(c.getPackageName()) && accessible(c);
        }
      };

  /** Public, and every enclosing class public too. */
  private static boolean accessible(JavaClass c) {
    for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
      if (!k.getModifiers().contains(JavaModifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(JavaMember m) {
    return m.getModifiers().contains(JavaModifier.PUBLIC)
        || m.getModifiers().contains(JavaModifier.PROTECTED);
  }

  private static final ArchCondition<JavaClass> NOT_EXPOSE_INTERNAL_TYPES =
      new ArchCondition<>("not expose types of internal packages in public signatures") {
        @Override
        public void check(JavaClass c, ConditionEvents events) {
          for (String violation : violations(c)) {
            events.add(SimpleConditionEvent.violated(c, violation));
          }
        }
      };

  /** Every place where {@code c}'s public surface names an internal type, as sentences. */
  static List<String> violations(JavaClass c) {
    List<String> out = new ArrayList<>();
    c.getRawSuperclass().ifPresent(s -> report(out, c.getName() + " extends", Set.of(s)));
    for (JavaClass i : c.getRawInterfaces()) {
      report(out, c.getName() + " implements", Set.of(i));
    }
    for (JavaField f : c.getFields()) {
      if (visible(f)) {
        report(out, "field " + f.getFullName(), f.getType().getAllInvolvedRawTypes());
      }
    }
    for (JavaCodeUnit u : c.getCodeUnits()) {
      if (!visible(u)) {
        continue;
      }
      report(out, u.getFullName() + " returns", u.getReturnType().getAllInvolvedRawTypes());
      for (JavaType p : u.getParameterTypes()) {
        report(out, u.getFullName() + " takes", p.getAllInvolvedRawTypes());
      }
      for (JavaClass t : u.getThrowsClause().getTypes()) {
        report(out, u.getFullName() + " throws", Set.of(t));
      }
    }
    return out;
  }

  private static void report(List<String> out, String where, Set<JavaClass> types) {
    Set<String> internal = new LinkedHashSet<>();
    for (JavaClass t : types) {
      JavaClass base = t.isArray() ? t.getBaseComponentType() : t;
      if (isInternalPackage(base.getPackageName())) {
        internal.add(base.getName());
      }
    }
    for (String name : internal) {
      out.add(where + " " + name + ", a type of an internal package");
    }
  }
}
