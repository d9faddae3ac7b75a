package dev.statetrack.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Gradient recording for the calling thread. DJL's GradientCollector allows only one collector in
 * the whole JVM (a static flag), which rules out concurrent trials; PyTorch's grad mode itself is
 * thread-local, so this drives it directly. A new thread starts with recording on, so evaluation code
 * turns it off explicitly.
 */
final class Autograd {

    private Autograd() {
    }

    static void setRecording(boolean recording) {
        JniUtils.setGradMode(recording);
    }

    /** Accumulates d(loss)/d(parameter) into every parameter's gradient. */
    static void backward(NDArray loss) {
        JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), false, false);
    }
}
