package org.stripwatch.sensor.tls;

import java.util.List;

/**
 * The server's first encrypted flight in TLS 1.3: the application_data records the server sends
 * after its ServerHello until the client's first encrypted record (EncryptedExtensions,
 * Certificate, CertificateVerify, Finished: RFC 8446 §2, Figure 1). Its record lengths change
 * when another certificate chain is presented, which is the only trace of the chain a passive
 * observer gets.
 *
 * @param recordLengths TLSCiphertext lengths (without the 5-byte header), first
 *     {@link TlsConfig#maxFirstFlightRecords()} records
 * @param recordCount all records of the flight, also those past the list bound
 * @param totalBytes sum of all their lengths
 */
public record FirstFlight(List<Integer> recordLengths, int recordCount, long totalBytes) {
    public static final FirstFlight EMPTY = new FirstFlight(List.of(), 0, 0);

    public FirstFlight {
        recordLengths = List.copyOf(recordLengths);
    }
}
