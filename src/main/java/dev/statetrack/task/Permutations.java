package dev.statetrack.task;

import java.util.ArrayList;
import java.util.List;

/** Permutations of {0..m-1} in one-line notation: p[i] is the image of i. */
final class Permutations {

    private Permutations() {
    }

    /** All m! permutations in lexicographic order (index = lexicographic rank; rank 0 is the identity). */
    static List<int[]> allInLexOrder(int m) {
        List<int[]> result = new ArrayList<>();
        int[] p = identity(m);
        do {
            result.add(p.clone());
        } while (nextInLexOrder(p));
        return result;
    }

    static int[] identity(int m) {
        int[] p = new int[m];
        for (int i = 0; i < m; i++) {
            p[i] = i;
        }
        return p;
    }

    /** (σ ∘ τ)(i) = σ(τ(i)): τ is applied first. */
    static int[] compose(int[] sigma, int[] tau) {
        int[] result = new int[tau.length];
        for (int i = 0; i < tau.length; i++) {
            result[i] = sigma[tau[i]];
        }
        return result;
    }

    static boolean isEven(int[] p) {
        int inversions = 0;
        for (int i = 0; i < p.length; i++) {
            for (int j = i + 1; j < p.length; j++) {
                if (p[i] > p[j]) {
                    inversions++;
                }
            }
        }
        return inversions % 2 == 0;
    }

    static String oneLine(int[] p) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < p.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(p[i]);
        }
        return sb.append(']').toString();
    }

    private static boolean nextInLexOrder(int[] p) {
        int i = p.length - 2;
        while (i >= 0 && p[i] >= p[i + 1]) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        int j = p.length - 1;
        while (p[j] <= p[i]) {
            j--;
        }
        swap(p, i, j);
        for (int a = i + 1, b = p.length - 1; a < b; a++, b--) {
            swap(p, a, b);
        }
        return true;
    }

    private static void swap(int[] p, int i, int j) {
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
    }
}
