import { inngestEndpoint } from "@/inngest/endpoint";

export const { GET, POST, PUT } = inngestEndpoint;
