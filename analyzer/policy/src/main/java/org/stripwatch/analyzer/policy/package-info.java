package org.stripwatch.analyzer.policy;
