@NullMarked
package dev.orderflow.devstack.mongo;

import org.jspecify.annotations.NullMarked;
