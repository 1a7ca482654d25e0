package org.stripwatch.sensor.tls;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable list of ints that is a {@code List<Integer>} to its readers (equal to, and hashing like, any
 * list of the same Integers) but stores an {@code int[]}. A ClientHello carries a few hundred u16 values
 * (cipher suites, groups, signature algorithms, extensions); boxing each into an ArrayList was the TLS
 * parser's largest allocation site.
 */
public final class IntList extends AbstractList<Integer> implements RandomAccess {
    private static final IntList EMPTY = new IntList(new int[0], 0);
    private final int[] values;
    private final int size;

    private IntList(int[] values, int size) {
        this.values = values;
        this.size = size;
    }

    public static IntList of(int... values) {
        return values.length == 0 ? EMPTY : new IntList(values.clone(), values.length);
    }

    /** {@code list} itself if it is an IntList, else its values (null elements are refused, as List.copyOf does). */
    public static IntList copyOf(List<Integer> list) {
        if (list instanceof IntList l) return l;
        int[] v = new int[list.size()];
        for (int i = 0; i < v.length; i++) v[i] = list.get(i);
        return v.length == 0 ? EMPTY : new IntList(v, v.length);
    }

    public int getInt(int index) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException(index);
        return values[index];
    }

    @Override
    public Integer get(int index) {
        return getInt(index);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < size; i++) h = 31 * h + values[i];
        return h;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof IntList l) return Arrays.equals(values, 0, size, l.values, 0, l.size);
        return super.equals(o);
    }

    /** A growable int buffer for a parser; {@link #build()} hands its values to an IntList. */
    static final class Builder {
        private int[] values = new int[16];
        private int size;

        void add(int v) {
            if (size == values.length) values = Arrays.copyOf(values, size * 2);
            values[size++] = v;
        }

        int size() {
            return size;
        }

        boolean any(java.util.function.IntPredicate p) {
            for (int i = 0; i < size; i++) if (p.test(values[i])) return true;
            return false;
        }

        IntList build() {
            return size == 0 ? EMPTY : new IntList(Arrays.copyOf(values, size), size);
        }
    }
}
