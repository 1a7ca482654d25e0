package org.stripwatch.sensor.decode;

/**
 * A finding about a frame that the decoder counted instead of throwing. Each value has a stable
 * snake_case wire name (Suricata's decoder events, Zeek's weird names) and a one-line citation of
 * the rule it breaks. Frames that produce an anomaly in the link, IP or TCP header are dropped
 * unless the description says otherwise.
 */
public enum DecodeAnomaly {
    // Link layer
    TRUNCATED_LINK_HEADER("truncated_link_header",
            "captured bytes end inside the link header (tcpdump.org/linktypes.html)"),
    UNKNOWN_LINK_TYPE("unknown_link_type",
            "LINKTYPE_* value this decoder does not handle (tcpdump.org/linktypes.html)"),
    VLAN_DEPTH_EXCEEDED("vlan_depth_exceeded",
            "more stacked 802.1Q/802.1ad tags than DecoderConfig.maxVlanDepth (IEEE 802.1Q-2018 §9)"),
    NULL_UNKNOWN_FAMILY("null_unknown_family",
            "BSD loopback address family is neither AF_INET nor an AF_INET6 value (LINKTYPE_NULL/LOOP)"),
    // IP common
    IP_BAD_VERSION("ip_bad_version",
            "IP version nibble does not match the link layer's protocol (RFC 791 §3.1, RFC 8200 §3)"),
    IP_HEADER_TRUNCATED("ip_header_truncated",
            "captured bytes (snaplen) end inside the IP header or IPv6 extension headers"),
    IP_TRUNCATED("ip_truncated",
            "IP length field claims more bytes than the frame carried on the wire (RFC 791 §3.1, RFC 8200 §3)"),
    // IPv4
    IPV4_BAD_HEADER_LENGTH("ipv4_bad_header_length",
            "IHL below 5 words or beyond the total length (RFC 791 §3.1)"),
    IPV4_BAD_TOTAL_LENGTH("ipv4_bad_total_length",
            "total length smaller than the header length (RFC 791 §3.1)"),
    IPV4_ZERO_TOTAL_LENGTH("ipv4_zero_total_length",
            "total length 0 from segmentation offload; the captured length is used (Zeek weird ip_hdr_len_zero)"),
    IPV4_BAD_OPTION_LENGTH("ipv4_bad_option_length",
            "IPv4 option length below 2 or past the header; options skipped, packet kept (RFC 791 §3.1)"),
    // IPv6
    IPV6_EXT_CHAIN_TOO_LONG("ipv6_ext_chain_too_long",
            "more extension headers than DecoderConfig.maxIpv6ExtensionHeaders (RFC 8200 §4, RFC 7112)"),
    IPV6_BAD_EXT_HEADER("ipv6_bad_ext_header",
            "extension header extends past the payload length (RFC 8200 §4)"),
    IPV6_HOP_BY_HOP_NOT_FIRST("ipv6_hop_by_hop_not_first",
            "Hop-by-Hop Options header not immediately after the IPv6 header; packet kept (RFC 8200 §4.3)"),
    // Fragments
    IP_FRAGMENT_BAD_LENGTH("ip_fragment_bad_length",
            "non-final fragment whose length is not a multiple of 8 octets (RFC 791 §3.2, RFC 8200 §4.5)"),
    IP_FRAGMENT_OVERSIZED("ip_fragment_oversized",
            "fragment ends past DecoderConfig.maxDatagramBytes (ping of death; RFC 791 §3.1 65535-octet limit)"),
    IP_FRAGMENT_OVERLAP("ip_fragment_overlap",
            "fragment overlaps received data with the same bytes (RFC 5722 §4 forbids overlaps for IPv6)"),
    IP_FRAGMENT_OVERLAP_CONFLICT("ip_fragment_overlap_conflict",
            "overlapping fragment with different bytes; first-seen data kept (Ptacek & Newsham 1998 §4, RFC 5722)"),
    IP_FRAGMENT_END_CONFLICT("ip_fragment_end_conflict",
            "a second last fragment or data past the known end of the datagram (RFC 791 §3.2 reassembly, teardrop)"),
    IP_FRAGMENT_TRUNCATED("ip_fragment_truncated",
            "fragment cut by the snaplen cannot be reassembled; dropped"),
    IP_FRAGMENT_LIMIT("ip_fragment_limit",
            "fragment dropped: datagram, fragment-per-datagram or memory limit of the defragmenter reached"),
    IP_FRAGMENT_TIMEOUT("ip_fragment_timeout",
            "datagram incomplete after DecoderConfig.fragmentTimeoutNanos of packet time (RFC 791 §3.2 timer)"),
    // TCP
    TCP_TRUNCATED_HEADER("tcp_truncated_header",
            "IP payload or captured bytes shorter than the TCP header (RFC 9293 §3.1)"),
    TCP_OPTIONS_TRUNCATED("tcp_options_truncated",
            "captured bytes (snaplen) end inside the TCP options; the segment is kept with the options before the cut"),
    TCP_BAD_DATA_OFFSET("tcp_bad_data_offset",
            "data offset below 5 words or past the IP payload (RFC 9293 §3.1)"),
    TCP_BAD_OPTION_LENGTH("tcp_bad_option_length",
            "option length below 2 or past the header; option parsing stopped (RFC 9293 §3.2)"),
    TCP_BAD_OPTION_SIZE("tcp_bad_option_size",
            "MSS/WS/SACK-permitted/SACK/timestamps option of the wrong fixed size; option ignored (RFC 9293 §3.2, RFC 7323)"),
    TCP_WINDOW_SCALE_TOO_LARGE("tcp_window_scale_too_large",
            "window scale shift above 14, used as 14 (RFC 7323 §2.3)"),
    TCP_BAD_CHECKSUM("tcp_bad_checksum",
            "TCP checksum mismatch; receivers drop such segments (RFC 9293 §3.1, Ptacek & Newsham 1998 §3.2)");

    private final String wireName;
    private final String citation;

    DecodeAnomaly(String wireName, String citation) {
        this.wireName = wireName;
        this.citation = citation;
    }

    /** Stable snake_case name for logs and the wire schema. */
    public String wireName() {
        return wireName;
    }

    /** One line: what was seen and which rule it breaks. */
    public String citation() {
        return citation;
    }
}
