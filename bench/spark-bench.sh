#!/bin/sh
# Overhead per trial and throughput of a 2-worker x 1-core Spark standalone cluster on 127.0.0.1
# (started from the Maven-resolved jars) against the local executor, on tiny trials. Needs the
# machine to itself for meaningful figures. Never run by tests or CI.
#   bench/spark-bench.sh [TRIALS (default 20)] [STEPS per trial (default 20)]
set -eu
cd "$(dirname "$0")/.."
mvn -B -o -q test-compile dependency:build-classpath -DincludeScope=test \
    -Dmdep.outputFile=target/test-classpath.txt
export DJL_OFFLINE=true OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE SPARK_LOCAL_IP=127.0.0.1
exec java -Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" dev.statetrack.cluster.ClusterBench "$@"
