@NullMarked
package dev.orderflow.devstack.verify;

import org.jspecify.annotations.NullMarked;
