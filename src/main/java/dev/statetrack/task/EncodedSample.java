package dev.statetrack.task;

/**
 * A sample as the models see it: the input token stream and, per input position, the token the
 * model must output there, or {@link #UNSUPERVISED}.
 *
 * <p>For next-token formats the input is the format's stream without its last token, so that
 * target[p] is stream[p+1] where supervised. {@code answerPosition} is the input position whose
 * output is the final state s_n under teacher forcing; {@code promptLength} is how many input tokens
 * come from the sequence itself (what greedy decoding starts from).
 */
public record EncodedSample(int[] input, int[] target, int answerPosition, int promptLength) {

    public static final int UNSUPERVISED = -1;

    public int length() {
        return input.length;
    }

    public int supervisedCount() {
        int count = 0;
        for (int t : target) {
            if (t != UNSUPERVISED) {
                count++;
            }
        }
        return count;
    }
}
