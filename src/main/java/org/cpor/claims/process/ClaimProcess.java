package org.cpor.claims.process;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * The IDs of the {@code cpor-claim} model, its message names and its variables: one place for code
 * and tests.
 */
public final class ClaimProcess {

  public static final String PROCESS_KEY = "cpor-claim";

  private ClaimProcess() {}

  /**
   * Whether the model version this claim runs on has the element: how a delegate serves claims
   * still on an older version (docs/upgrading.md).
   */
  static boolean modelHas(DelegateExecution execution, String elementId) {
    return execution.getBpmnModelElementInstance().getModelInstance().getModelElementById(elementId)
        != null;
  }

  /** Technical IDs of the model's elements. They never change once released. */
  public static final class Elements {
    public static final String START_CLAIM_SUBMITTED = "StartEvent_ClaimSubmitted";
    public static final String TASK_REGISTER_CLAIM = "Task_RegisterClaim";
    public static final String TASK_RUN_AUTOMATED_CHECKS = "Task_RunAutomatedChecks";
    public static final String GATEWAY_CHECKS_PASSED = "Gateway_ChecksPassed";
    public static final String TASK_VALIDATE_CLAIM = "Task_ValidateClaim";
    public static final String GATEWAY_VALIDATION_DECISION = "Gateway_ValidationDecision";
    public static final String TASK_REQUEST_INFORMATION = "Task_RequestInformation";
    public static final String GATEWAY_AWAIT_PARTNER_ANSWER = "Gateway_AwaitPartnerAnswer";
    public static final String MESSAGE_PARTNER_INFORMATION_PROVIDED =
        "Message_PartnerInformationProvided";
    public static final String TIMER_PARTNER_ANSWER_OVERDUE = "Timer_PartnerAnswerOverdue";
    public static final String TASK_RECORD_PARTNER_ANSWER = "Task_RecordPartnerAnswer";
    public static final String TASK_NOTIFY_CUSTOMER = "Task_NotifyCustomer";
    public static final String GATEWAY_AWAIT_CUSTOMER = "Gateway_AwaitCustomer";
    public static final String MESSAGE_CUSTOMER_OPTED_OUT = "Message_CustomerOptedOut";
    public static final String TIMER_OPT_OUT_WINDOW_ELAPSED = "Timer_OptOutWindowElapsed";
    public static final String TASK_FINALIZE_ASSOCIATION = "Task_FinalizeAssociation";
    public static final String TASK_EMAIL_SUPERSEDED_PARTNER = "Task_EmailSupersededPartner";
    public static final String TASK_EMAIL_ASSOCIATION_OFFICIAL = "Task_EmailAssociationOfficial";
    public static final String END_ASSOCIATION_OFFICIAL = "EndEvent_AssociationOfficial";
    public static final String GATEWAY_REJECTION = "Gateway_Rejection";
    public static final String EVENT_CHECKS_FAILED = "Event_ChecksFailed";
    public static final String TASK_REJECT_CLAIM = "Task_RejectClaim";
    public static final String TASK_EMAIL_REJECTION = "Task_EmailRejection";
    public static final String END_CLAIM_REJECTED = "EndEvent_ClaimRejected";
    public static final String SUBPROCESS_CLAIM_WITHDRAWN = "SubProcess_ClaimWithdrawn";
    public static final String START_CLAIM_WITHDRAWN = "StartEvent_ClaimWithdrawn";
    public static final String EVENT_WITHDRAWN_AT_PARTNER_REQUEST =
        "Event_WithdrawnAtPartnerRequest";
    public static final String TASK_REJECT_WITHDRAWN_CLAIM = "Task_RejectWithdrawnClaim";
    public static final String TASK_EMAIL_WITHDRAWAL = "Task_EmailWithdrawal";
    public static final String END_CLAIM_WITHDRAWN = "EndEvent_ClaimWithdrawn";

    // Late reviews and the reminder before an information deadline.
    public static final String TIMER_REVIEW_OVERDUE = "Timer_ReviewOverdue";
    public static final String TASK_ESCALATE_LATE_REVIEW = "Task_EscalateLateReview";
    public static final String END_REVIEW_ESCALATED = "EndEvent_ReviewEscalated";
    public static final String SUBPROCESS_AWAIT_PARTNER_ANSWER = "SubProcess_AwaitPartnerAnswer";
    public static final String START_AWAIT_PARTNER_ANSWER = "StartEvent_AwaitPartnerAnswer";
    public static final String END_PARTNER_ANSWERED = "EndEvent_PartnerAnswered";
    public static final String END_PARTNER_ANSWER_OVERDUE = "EndEvent_PartnerAnswerOverdue";
    public static final String GATEWAY_PARTNER_ANSWERED = "Gateway_PartnerAnswered";
    public static final String TIMER_INFORMATION_REMINDER = "Timer_InformationReminder";
    public static final String TASK_REMIND_PARTNER = "Task_RemindPartner";
    public static final String END_PARTNER_REMINDED = "EndEvent_PartnerReminded";

    // Disputes: a rejected claim waits 30 days for one.
    public static final String GATEWAY_REJECTION_DISPUTABLE = "Gateway_RejectionDisputable";
    public static final String GATEWAY_AWAIT_DISPUTE = "Gateway_AwaitDispute";
    public static final String MESSAGE_CLAIM_DISPUTED = "Message_ClaimDisputed";
    public static final String TIMER_DISPUTE_WINDOW_ELAPSED = "Timer_DisputeWindowElapsed";
    public static final String TASK_CLOSE_DISPUTE_WINDOW = "Task_CloseDisputeWindow";
    public static final String END_REJECTION_FINAL = "EndEvent_RejectionFinal";
    public static final String TASK_REVIEW_DISPUTE = "Task_ReviewDispute";
    public static final String TIMER_DISPUTE_REVIEW_OVERDUE = "Timer_DisputeReviewOverdue";
    public static final String TASK_ESCALATE_LATE_DISPUTE_REVIEW = "Task_EscalateLateDisputeReview";
    public static final String END_DISPUTE_REVIEW_ESCALATED = "EndEvent_DisputeReviewEscalated";
    public static final String GATEWAY_DISPUTE_DECISION = "Gateway_DisputeDecision";
    public static final String TASK_EMAIL_DISPUTE_UPHELD = "Task_EmailDisputeUpheld";
    public static final String END_DISPUTE_UPHELD = "EndEvent_DisputeUpheld";

    /** The review tasks a validator works: the claim's and the dispute's. */
    public static final List<String> REVIEW_TASKS =
        List.of(TASK_VALIDATE_CLAIM, TASK_REVIEW_DISPUTE);

    private Elements() {}
  }

  /** Message names, correlated by business key (the claim's id). */
  public static final class Messages {
    public static final String PARTNER_INFORMATION_PROVIDED = "PartnerInformationProvided";
    public static final String CUSTOMER_OPTED_OUT = "CustomerOptedOut";

    /**
     * The partner withdraws the claim; carries {@code rejectionDetail} and {@code withdrawnBy} (the
     * model names the reason).
     */
    public static final String CLAIM_WITHDRAWN = "ClaimWithdrawn";

    /** The partner disputes the rejection (the dispute itself is in the claim_dispute table). */
    public static final String CLAIM_DISPUTED = "ClaimDisputed";

    private Messages() {}
  }

  /**
   * Process variables. The claim's own fields are all strings so that engine REST callers can send
   * them.
   */
  public static final class Variables {
    public static final String CLAIM_ID = "claimId";
    public static final String PARTNER_ID = "partnerId";

    /** The partner organisation's name as recorded on the claim (the review form shows it). */
    public static final String PARTNER_NAME = "partnerName";

    public static final String CLAIM_NAME = "claimName";
    public static final String CUSTOMER_DOMAIN = "customerDomain";
    public static final String CUSTOMER_TENANT_ID = "customerTenantId";
    public static final String SOLUTION_AREA = "solutionArea";
    public static final String ACTIVITY = "activity";
    public static final String WORKLOADS = "workloads";
    public static final String SUBSCRIPTION_ID = "subscriptionId";
    public static final String CUSTOMER_CONTACT_NAME = "customerContactName";
    public static final String CUSTOMER_CONTACT_TITLE = "customerContactTitle";
    public static final String CUSTOMER_CONTACT_EMAIL = "customerContactEmail";
    public static final String CUSTOMER_TECHNICAL_CONTACT_NAME = "customerTechnicalContactName";
    public static final String CUSTOMER_TECHNICAL_CONTACT_EMAIL = "customerTechnicalContactEmail";
    public static final String PARTNER_CONTACT_NAME = "partnerContactName";
    public static final String PARTNER_CONTACT_EMAIL = "partnerContactEmail";
    public static final String PROOF_OF_EXECUTION = "proofOfExecution";
    public static final String COMMENTS = "comments";
    public static final String SOLUTION_SELLER_NAME = "solutionSellerName";
    public static final String CUSTOMER_NAME = "customerName";
    public static final String ISV_PRODUCT_NAME = "isvProductName";
    public static final String CUSTOMER_LANGUAGE = "customerLanguage";
    public static final String PARTNER_LANGUAGE = "partnerLanguage";

    /** The subscription's last day (ISO date), optional for subscription claims. */
    public static final String SUBSCRIPTION_END_DATE = "subscriptionEndDate";

    /**
     * The result of the automated checks, transient: the partner API hands it to the check step,
     * the check step to the model's "Checks failed", which names the rejection reason from it.
     */
    public static final String AUTOMATED_CHECKS = "automatedChecks";

    /** Set by the automated checks: whether the claim goes to a validator. */
    public static final String CHECKS_PASSED = "checksPassed";

    /**
     * The checks' findings (broken rules, flags): a task-local variable of the review task only.
     */
    public static final String CHECK_FINDINGS = "checkFindings";

    /** The validator's decision: a {@code Decision} name. */
    public static final String DECISION = "decision";

    /** Why more information is needed: an {@code InformationReason} name. */
    public static final String INFORMATION_REASON = "informationReason";

    /** The validator's comment to the partner; required unless approving. */
    public static final String DECISION_COMMENT = "decisionComment";

    /**
     * A {@code RejectionReason} name, named in the model by the element that decides the rejection
     * (an output mapping, or the validator's form field); Java code only reads and checks it.
     */
    public static final String REJECTION_REASON = "rejectionReason";

    /** The rejection explained in words, for the partner's email. */
    public static final String REJECTION_DETAIL = "rejectionDetail";

    /**
     * Who withdrew the claim: sent with {@code ClaimWithdrawn}, recorded by the step that rejects
     * it.
     */
    public static final String WITHDRAWN_BY = "withdrawnBy";

    public static final String PARTNER_ANSWER = "partnerAnswer";

    /** Whether the wait for the partner's answer ended with an answer (else its deadline). */
    public static final String PARTNER_ANSWERED = "partnerAnswered";

    /** Whether the rejection may be disputed: not when the customer or the partner caused it. */
    public static final String DISPUTABLE = "disputable";

    /** 30 calendar days after the rejection: until then the partner may dispute it. */
    public static final String DISPUTE_DEADLINE = "disputeDeadline";

    /** The validator who rejected the claim: may not review its dispute (four eyes). */
    public static final String REJECTED_BY = "rejectedBy";

    /** The dispute reviewer's decision: {@code OVERTURN} or {@code UPHOLD}. */
    public static final String DISPUTE_DECISION = "disputeDecision";

    /** The dispute reviewer's comment to the partner; always required. */
    public static final String DISPUTE_COMMENT = "disputeComment";

    // What the dispute review's form shows (task-local, kept out of the history).
    public static final String DISPUTE_REASON = "disputeReason";
    public static final String DISPUTE_PROOF_OF_EXECUTION = "disputeProofOfExecution";
    public static final String DISPUTE_SUBMITTED_AT = "disputeSubmittedAt";
    public static final String REJECTION_REASON_TEXT = "rejectionReasonText";
    public static final String REJECTED_AT = "rejectedAt";

    /** The review's due date as the task cards show it (task-local). */
    public static final String REVIEW_DUE = "reviewDue";

    public static final String INFORMATION_DEADLINE = "informationDeadline";
    public static final String OPT_OUT_DEADLINE = "optOutDeadline";

    /** Comments exchanged on the claim, newest last, as the validator's form shows them. */
    public static final String COMMENT_HISTORY = "commentHistory";

    /**
     * The associations that the claim superseded: a transient list set by "Finalize association".
     */
    public static final String SUPERSEDED_ASSOCIATION_IDS = "supersededAssociationIds";

    /** Element variable of the multi-instance that emails each superseded partner. */
    public static final String SUPERSEDED_ASSOCIATION_ID = "supersededAssociationId";

    /**
     * The claim as the partner API submitted it: a transient variable of the start, read by
     * "Register claim". The claim's data lives in the claim table; the process keeps only the claim
     * ID and partner ID.
     */
    public static final String CLAIM = "claim";

    /**
     * The claim fields a caller of engine REST sends at the start, in the order forms and mails
     * show them. "Register claim" stores them in the claim table and removes them from the process;
     * the review task gets them back as task-local variables for the validator's form (kept out of
     * the history).
     */
    public static final List<String> CLAIM_FIELDS =
        List.of(
            PARTNER_ID,
            CLAIM_NAME,
            CUSTOMER_DOMAIN,
            CUSTOMER_TENANT_ID,
            SOLUTION_AREA,
            ACTIVITY,
            WORKLOADS,
            SUBSCRIPTION_ID,
            CUSTOMER_CONTACT_NAME,
            CUSTOMER_CONTACT_TITLE,
            CUSTOMER_CONTACT_EMAIL,
            CUSTOMER_TECHNICAL_CONTACT_NAME,
            CUSTOMER_TECHNICAL_CONTACT_EMAIL,
            PARTNER_CONTACT_NAME,
            PARTNER_CONTACT_EMAIL,
            PROOF_OF_EXECUTION,
            COMMENTS,
            SOLUTION_SELLER_NAME,
            CUSTOMER_NAME,
            ISV_PRODUCT_NAME,
            CUSTOMER_LANGUAGE,
            PARTNER_LANGUAGE);

    private Variables() {}
  }
}
