/** See the module's pom description. */
package org.stripwatch.sensor.tls;
