@NullMarked
package dev.orderflow.devstack.kafka;

import org.jspecify.annotations.NullMarked;
