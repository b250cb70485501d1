/**
 * Which instance of its service this process is. State that must reach every instance (faults) keys
 * its registry by this name, and an operator sees it in the answers that concern them all.
 */
@NullMarked
package dev.orderflow.platform.instance;

import org.jspecify.annotations.NullMarked;
