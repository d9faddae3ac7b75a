package dev.statetrack.model;

import java.util.Locale;

/** The three architectures the study compares. */
public enum ModelKind {
    TRANSFORMER,
    LSTM,
    DENSE_SSM;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ModelKind parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (ModelKind k : values()) {
            if (k.id().equals(t)) {
                return k;
            }
        }
        throw new IllegalArgumentException(
                "unknown model '" + text + "'; allowed: transformer, lstm, dense-ssm");
    }
}
