package org.stripwatch.analyzer.policy;

/**
 * What is wrong with a policy file, as a value with a stable snake_case wire name and the rule it
 * breaks. Parsers never throw on bad input; they report one of these and go on with the next line.
 */
public enum ProblemKind {
    SYNTAX("syntax", "line does not follow the format's grammar"),
    UNKNOWN_VALUE("unknown_value", "value outside the set the format defines (e.g. an MTA-STS mode, RFC 8461 §3.2)"),
    MISSING_FIELD("missing_field", "a required field is absent (e.g. version/mode/max_age, RFC 8461 §3.2)"),
    DUPLICATE_FIELD("duplicate_field", "a single-valued field appears twice; the first one is kept"),
    OUT_OF_RANGE("out_of_range", "number outside its allowed range (e.g. max_age 0..31557600, RFC 8461 §3.2)"),
    BAD_NAME("bad_name", "not a valid DNS name or pattern (RFC 1035 §2.3.4 lengths, RFC 8461 §4.1 wildcards)"),
    BAD_HEX("bad_hex", "hexadecimal data with an odd number of digits or a non-hex character"),
    BAD_DIGEST_LENGTH("bad_digest_length", "digest length does not match its algorithm (RFC 6698 §2.1.3, RFC 7671 §5)"),
    UNRESOLVED_ALIAS("unresolved_alias", "policy-alias names no entry of policy-aliases (STARTTLS Everywhere RULES.md)"),
    IGNORED_FIELD("ignored_field", "field the format allows but stripwatch does not use; recorded, not applied"),
    UNUSABLE_RECORD("unusable_record", "record kept but unusable for SMTP (TLSA usages 0/1, RFC 7672 §3.1.3)"),
    UNKNOWN_FILE_TYPE("unknown_file_type", "file name does not say which policy format it holds (see the module README)"),
    IO_ERROR("io_error", "file could not be read"),
    FILE_TOO_LARGE("file_too_large", "file larger than PolicyLimits.maxFileBytes (or maxMtaStsBytes)"),
    LINE_TOO_LONG("line_too_long", "line or record longer than PolicyLimits.maxLineChars"),
    TOO_MANY_ENTRIES("too_many_entries", "more entries than PolicyLimits.maxEntriesPerFile or maxTotalEntries"),
    TOO_MANY_PATTERNS("too_many_patterns", "more MX patterns or pins in one policy than PolicyLimits.maxPatternsPerPolicy"),
    TOO_MANY_FILES("too_many_files", "more files than PolicyLimits.maxFiles, or a directory deeper than maxDirectoryDepth"),
    TOO_DEEP("too_deep", "JSON nested deeper than PolicyLimits.maxJsonDepth"),
    TOO_MANY_PROBLEMS("too_many_problems", "further problems in this file suppressed after PolicyLimits.maxProblemsPerFile");

    private final String wireName;
    private final String description;

    ProblemKind(String wireName, String description) {
        this.wireName = wireName;
        this.description = description;
    }

    public String wireName() {
        return wireName;
    }

    public String description() {
        return description;
    }
}
