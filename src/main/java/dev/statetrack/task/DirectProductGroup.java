package dev.statetrack.task;

/** G × H with componentwise product; the element (g, h) is numbered g·|H| + h. */
public final class DirectProductGroup implements Group {

    private final Group left;
    private final Group right;

    public DirectProductGroup(Group left, Group right) {
        if ((long) left.order() * right.order() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(left.name() + "x" + right.name() + " is too large");
        }
        this.left = left;
        this.right = right;
    }

    @Override
    public String name() {
        return left.name() + "x" + right.name();
    }

    @Override
    public int order() {
        return left.order() * right.order();
    }

    @Override
    public int multiply(int a, int b) {
        int h = right.order();
        return left.multiply(a / h, b / h) * h + right.multiply(a % h, b % h);
    }

    @Override
    public int identity() {
        return left.identity() * right.order() + right.identity();
    }

    @Override
    public String label(int element) {
        int h = right.order();
        return "(" + left.label(element / h) + ", " + right.label(element % h) + ")";
    }
}
