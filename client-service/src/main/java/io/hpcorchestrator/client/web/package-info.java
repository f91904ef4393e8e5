/** The HTTP edge shared by every feature: errors as RFC 9457 problem details, naming the field at fault. */
package io.hpcorchestrator.client.web;
