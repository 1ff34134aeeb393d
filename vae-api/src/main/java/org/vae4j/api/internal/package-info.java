/**
 * Helpers every vae4j module shares and no user should need: the one seeded shuffle and the one
 * seed mixer ({@link org.vae4j.api.internal.Seeds}). Internal: may change without notice.
 */
package org.vae4j.api.internal;
