package org.cpor.claims.support;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs the classes that share the application context ({@link CporSpringTest}) before those that
 * start one of their own, each group in name order.
 *
 * <p>Camunda's webapps keep process-wide state of the last web application that started: once a
 * second application with webapps has started and closed, the shared one's Tasklist and Cockpit no
 * longer answer. Classes with a context of their own therefore come last (and close it with
 * {@code @DirtiesContext}). Set as the default in {@code junit-platform.properties}.
 */
public class SharedContextFirst implements ClassOrderer {

  @Override
  public void orderClasses(ClassOrdererContext context) {
    context
        .getClassDescriptors()
        .sort(
            Comparator.comparing((ClassDescriptor c) -> !c.isAnnotated(CporSpringTest.class))
                .thenComparing(c -> c.getTestClass().getName()));
  }
}
