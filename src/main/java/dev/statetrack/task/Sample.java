package dev.statetrack.task;

/** One sequence of group elements x_1..x_n and its running states s_1..s_n. */
public record Sample(int[] elements, int[] states) {

    public static Sample of(Group group, int[] elements) {
        return new Sample(elements, group.runningStates(elements));
    }

    public int length() {
        return elements.length;
    }

    public int finalState() {
        return states[states.length - 1];
    }
}
