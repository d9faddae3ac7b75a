package dev.statetrack.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * Moves members' slices between arrays stacked along a leading member dimension (parameters,
 * optimiser moments): the trainer gathers the members still training into a smaller ensemble and
 * writes their weights back into the whole one. Call with gradient recording off.
 */
final class MemberSlices {

    private MemberSlices() {
    }

    /** A new array [members.length, ...] whose slice j is {@code array}'s slice {@code members[j]}; in array's manager. */
    static NDArray gather(NDArray array, int[] members) {
        NDList slices = new NDList(members.length);
        try {
            for (int member : members) {
                slices.add(array.get(member));
            }
            return NDArrays.stack(slices);
        } finally {
            slices.close();
        }
    }

    /** Writes slice j of {@code from} into slice {@code members[j]} of {@code into}. */
    static void scatter(NDArray from, NDArray into, int[] members) {
        for (int j = 0; j < members.length; j++) {
            try (NDArray slice = from.get(j)) {
                into.set(new NDIndex(members[j]), slice);
            }
        }
    }
}
