# KVX server image: builds the runnable jar with Maven, then runs it on a Java 17 JRE.
#   docker build -t kvx .
#   docker run -p 7512:7512 -p 1883:1883 kvx                      # one node, every role, embedded storage
#   docker run kvx --cluster --roles gateway                         # one role of a cluster (see docker-compose.yml)
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -Dcompat.skip -pl server -am package

FROM eclipse-temurin:17-jre
# curl serves the container health checks of docker-compose.yml.
RUN apt-get update \
  && apt-get install -y --no-install-recommends curl \
  && rm -rf /var/lib/apt/lists/* \
  && useradd --system --create-home --home-dir /var/lib/kvx kvx
COPY --from=build /src/server/target/kvx.jar /opt/kvx/kvx.jar
USER kvx
WORKDIR /var/lib/kvx
# The embedded engine keeps its data here; mount a volume on it to keep documents across containers.
ENV KVX_storage__path=/var/lib/kvx/data
# 7512: HTTP and WebSocket (and the probes of nodes without a gateway); 1883: MQTT; 5701: Hazelcast membership.
EXPOSE 7512 1883 5701
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/kvx/kvx.jar"]
