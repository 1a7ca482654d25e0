package org.stripwatch.app;

/** Placeholder replaced once the live source lands (see LiveSource). */
final class SensorCommand {}
