/** What a node knows of the cluster it belongs to, for the verticles that share state with their peers. */
package io.kvx.core.cluster;
