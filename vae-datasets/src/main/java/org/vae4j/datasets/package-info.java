/** Placeholder until the module lands. */
package org.vae4j.datasets;
