package dev.statetrack.task;

/**
 * The one place that defines token ids: element tokens 0..k-1, then SEP, then PAD.
 * PAD is never supervised; models may still embed it (its rows receive no gradient from the loss).
 */
public record Vocabulary(int groupOrder) {

    public Vocabulary {
        if (groupOrder < 1) {
            throw new IllegalArgumentException("group order must be at least 1, got " + groupOrder);
        }
    }

    public int sep() {
        return groupOrder;
    }

    public int pad() {
        return groupOrder + 1;
    }

    public int size() {
        return groupOrder + 2;
    }
}
