package org.stripwatch.sensor.publish;
