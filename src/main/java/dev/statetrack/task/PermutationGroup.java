package dev.statetrack.task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A group of permutations of {0..m-1}, elements numbered by the lexicographic order of their
 * one-line notation (so the identity, the smallest, is 0). S_m, A_m and D_m are all built this way.
 */
public final class PermutationGroup implements Group {

    /** S_7 has 5040 elements: a 5040² table would be 100 MB, so larger groups are not offered. */
    static final int MAX_ORDER = 2520;

    private final String name;
    private final int[][] elements;
    private final int[] table;

    private PermutationGroup(String name, List<int[]> permutations) {
        List<int[]> sorted = new ArrayList<>(permutations);
        sorted.sort(Arrays::compare);
        this.name = name;
        this.elements = sorted.toArray(new int[0][]);
        int k = elements.length;
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < k; i++) {
            rank.put(Arrays.toString(elements[i]), i);
        }
        this.table = new int[k * k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                Integer product = rank.get(Arrays.toString(Permutations.compose(elements[a], elements[b])));
                if (product == null) {
                    throw new IllegalStateException(name + " is not closed under composition");
                }
                table[a * k + b] = product;
            }
        }
    }

    /** S_m: all m! permutations. */
    public static PermutationGroup symmetric(int m) {
        if (m < 2 || factorial(m) > MAX_ORDER) {
            throw new IllegalArgumentException("S" + m + ": m must be between 2 and 6");
        }
        return new PermutationGroup("S" + m, Permutations.allInLexOrder(m));
    }

    /** A_m: the even permutations, order m!/2. */
    public static PermutationGroup alternating(int m) {
        if (m < 3 || factorial(m) / 2 > MAX_ORDER) {
            throw new IllegalArgumentException("A" + m + ": m must be between 3 and 7");
        }
        return new PermutationGroup("A" + m,
                Permutations.allInLexOrder(m).stream().filter(Permutations::isEven).toList());
    }

    /** D_m: the 2m symmetries of a regular m-gon, acting on its vertices 0..m-1. */
    public static PermutationGroup dihedral(int m) {
        if (m < 3 || 2 * m > MAX_ORDER) {
            throw new IllegalArgumentException("D" + m + ": m must be between 3 and " + MAX_ORDER / 2);
        }
        List<int[]> symmetries = new ArrayList<>();
        for (int shift = 0; shift < m; shift++) {
            int[] rotation = new int[m];
            int[] reflection = new int[m];
            for (int v = 0; v < m; v++) {
                rotation[v] = (v + shift) % m;
                reflection[v] = ((shift - v) % m + m) % m;
            }
            symmetries.add(rotation);
            symmetries.add(reflection);
        }
        return new PermutationGroup("D" + m, symmetries);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int order() {
        return elements.length;
    }

    @Override
    public int multiply(int a, int b) {
        return table[a * elements.length + b];
    }

    @Override
    public int identity() {
        return 0;
    }

    @Override
    public String label(int element) {
        return Permutations.oneLine(elements[element]);
    }

    /** One-line notation of an element; a copy. */
    public int[] permutation(int element) {
        return elements[element].clone();
    }

    private static long factorial(int m) {
        long f = 1;
        for (int i = 2; i <= m; i++) {
            f *= i;
            if (f > Integer.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
        }
        return f;
    }
}
