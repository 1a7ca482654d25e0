package org.stripwatch.analyzer.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * One RFC 8460 report: one policy domain, one UTC day. {@code json} is the report object with the RFC's field
 * names, in the RFC's order. {@link #fileName()} follows RFC 8460 §5.3
 * ({@code sender!policy-domain!begin!end!unique-id.json}, times in epoch seconds).
 */
public record TlsReport(String policyDomain, LocalDate day, String reportId, Map<String, Object> json, String fileName) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public TlsReport {
        Objects.requireNonNull(policyDomain, "policyDomain");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(json, "json");
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain maps always serialise", e);
        }
    }
}
